import { parseArgs } from 'node:util';
import { infoToJson, infoToLines } from '../../dicom/infoToJson';
import { readDicomInfoFile } from '../../dicom/readDicomFile';
import { EngineError } from '../../errors';
import type { CliCommand } from '../command';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'describe a DICOM image (no patient data): size, frames, bits, photometric, transfer syntax, spacing, windows',
  usage: 'taggan info FILE [--json]',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new EngineError('BAD_REQUEST', `expected one FILE, got ${positionals.length}; usage: ${this.usage}`);
    const info = await readDicomInfoFile(positionals[0]!);
    if (values.json) ctx.out(JSON.stringify(infoToJson(info)));
    else for (const l of infoToLines(info)) ctx.out(l);
    return 0;
  },
};
