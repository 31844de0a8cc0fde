import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readDicomFile } from '../../dicom/readDicomFile';
import { toInt32LE } from '../../dicom/toInt32LE';
import { EngineError } from '../../errors';
import type { CliCommand } from '../command';
import { intOption } from '../numberOptions';

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'decode DICOM pixel data to little-endian int32 samples (stored values / RGB / palette indices)',
  usage: 'taggan decode FILE --out F.raw [--frame N]   (N is 0-based; default: all frames in order)',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { out: { type: 'string', short: 'o' }, frame: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new EngineError('BAD_REQUEST', `expected one FILE, got ${positionals.length}; usage: ${this.usage}`);
    if (!values.out) throw new EngineError('BAD_REQUEST', `--out F.raw is required; usage: ${this.usage}`);
    let frames: number[] | undefined;
    const frame = intOption(values.frame, 'frame', { min: 0 });
    if (frame !== undefined) frames = [frame];
    const t0 = performance.now();
    const d = await readDicomFile(positionals[0]!, { frames });
    const ms = performance.now() - t0;
    const bytes = toInt32LE(d.frames);
    try {
      await writeFile(values.out, bytes);
    } catch (e) {
      throw new EngineError('IO', `cannot write ${values.out} (${(e as Error).message})`, values.out);
    }
    const what = d.info.photometric === 'PALETTE COLOR' ? 'palette indices' : d.outputSamples === 3 ? 'RGB interleaved' : 'stored values';
    ctx.out(
      `wrote ${values.out}: ${d.frames.length} frame${d.frames.length === 1 ? '' : 's'} x ${d.info.columns}x${d.info.rows}` +
        `${d.outputSamples === 3 ? 'x3' : ''} int32 LE (${what}), ${bytes.length} bytes; decoded in ${ms.toFixed(0)} ms`,
    );
    return 0;
  },
};
