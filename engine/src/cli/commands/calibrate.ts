import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { loadModel } from '../../model/loadModel';
import { calibrateOnNormals, writeCalibration } from '../../propose/calibration';
import { readDataset } from '../../train/readDataset';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';

export const calibrateCommand: CliCommand = {
  name: 'calibrate',
  summary: "set a model's automatic-threshold floor from its maps on images labelled normal",
  usage: 'taggan calibrate --model MODELDIR --data DIR [--normal-label normal] [--quantile 0.995] [--backend B] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { model: { type: 'string' }, data: { type: 'string' }, 'normal-label': { type: 'string' }, quantile: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.model || !values.data) throw new EngineError('BAD_REQUEST', '--model MODELDIR and --data DIR are required');
    const quantile = values.quantile === undefined ? undefined : Number(values.quantile);
    const normals = readDataset(values.data, values['normal-label'] ?? 'normal').filter((e) => !e.abnormal).map((e) => e.path);
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const model = loadModel(values.model);
    try {
      const bar = progressLine(ctx, 'calibrate');
      const c = await calibrateOnNormals(model, normals, { quantile, onProgress: bar });
      bar.end();
      writeCalibration(values.model, c);
      ctx.out(values.json ? JSON.stringify(c) : `threshold floor ${c.floor.toFixed(4)} (${(c.quantile * 100).toFixed(1)}% of map values on ${c.normals} normal images) written to ${values.model}/calibration.json`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};
