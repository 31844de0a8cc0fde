import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { loadLungModel } from '../../lungs/lungModel';
import { segmentLungFiles } from '../../lungs/segmentFiles';
import { lungModelId, resolveLungModelDir } from '../../propose/lungPrior';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';

export const lungsCommand: CliCommand = {
  name: 'lungs',
  summary: 'lung-field masks (STEM.lungs.png, 0/255 at the input size) from the lung model',
  usage: 'taggan lungs INPUT... --out DIR [--model MODELDIR] [--backend B] [--json]   (default model: models/lungs)',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new EngineError('BAD_REQUEST', 'give at least one INPUT file or folder');
    if (!values.out) throw new EngineError('BAD_REQUEST', '--out DIR is required');
    const dir = resolveLungModelDir(values.model);
    if (!dir) throw new EngineError('MODEL', 'no lung model installed (models/lungs); pass --model MODELDIR (train one with `taggan train-lungs`)');
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const model = loadLungModel(dir);
    try {
      const bar = progressLine(ctx, 'lungs');
      const report = await segmentLungFiles(model, lungModelId(model), positionals, values.out, { onProgress: (d, t, f) => bar(d, t, f) });
      bar.end();
      if (values.json) ctx.out(JSON.stringify(report));
      else {
        for (const im of report.images) ctx.out(`${im.stem}: ${im.width}x${im.height}, lung fields ${(100 * im.fraction).toFixed(1)}% of the image, ${im.ms} ms -> ${im.file}`);
        for (const f of report.failed) ctx.err(`failed: ${f.input}: ${f.code}: ${f.message}`);
        ctx.out(`model ${report.model}; ${report.images.length} image(s) written to ${values.out} (lungs.json)`);
      }
      return report.failed.length > 0 ? 1 : 0;
    } finally {
      model.dispose();
    }
  },
};
