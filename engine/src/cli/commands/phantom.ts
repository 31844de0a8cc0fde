import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { writePhantomSet } from '../../phantom/writePhantomSet';
import type { CliCommand } from '../command';
import { intOption } from '../numberOptions';

export const phantomCommand: CliCommand = {
  name: 'phantom',
  summary: 'write synthetic chest radiographs (CR DICOM) with labels.csv and true masks',
  usage: 'taggan phantom --out DIR --count N [--seed S] [--size N] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        size: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.out) throw new EngineError('BAD_REQUEST', '--out DIR is required');
    const count = intOption(values.count, 'count', { min: 1 });
    if (count === undefined) throw new EngineError('BAD_REQUEST', '--count N is required');
    const size = intOption(values.size, 'size', { min: 1 });
    const seed = values.seed ?? '1';
    const out = resolve(values.out);
    const res = writePhantomSet({
      out,
      count,
      seed,
      size,
      onImage: ctx.isTTY ? (done, total) => ctx.err(`phantom ${done}/${total}`) : undefined,
    });
    const abnormal = res.images.filter((i) => i.label === 'abnormal').length;
    if (values.json) {
      ctx.out(JSON.stringify({ dir: out, seed, count, abnormal, normal: count - abnormal, images: res.images }));
    } else {
      ctx.out(`wrote ${count} phantom images (${abnormal} abnormal, ${count - abnormal} normal) to ${out}`);
      ctx.out(`  labels: ${resolve(out, 'labels.csv')}  masks: ${resolve(out, 'masks')}/STEM.png  seed: ${seed}`);
    }
    return 0;
  },
};
