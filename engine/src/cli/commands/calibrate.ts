import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { calibrateModelDir } from '../../propose/calibration';
import { checkLungMargin } from '../../propose/lungPrior';
import { readDataset } from '../../train/readDataset';
import type { CliCommand } from '../command';
import { numberOption } from '../numberOptions';
import { progressLine } from '../progressLine';

export const calibrateCommand: CliCommand = {
  name: 'calibrate',
  summary: "set a model's automatic-threshold floor from its maps on images labelled normal",
  usage: 'taggan calibrate --model MODELDIR --data DIR [--normal-label normal] [--quantile 0.995] [--baseline-quantile 0.95 | --no-baseline] '
    + '[--no-lung-prior | --lung-model DIR --lung-margin F] [--backend B] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { model: { type: 'string' }, data: { type: 'string' }, 'normal-label': { type: 'string' }, quantile: { type: 'string' }, 'baseline-quantile': { type: 'string' }, 'no-baseline': { type: 'boolean' }, 'no-lung-prior': { type: 'boolean' }, 'lung-model': { type: 'string' }, 'lung-margin': { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.model || !values.data) throw new EngineError('BAD_REQUEST', '--model MODELDIR and --data DIR are required');
    const quantile = numberOption(values.quantile, 'quantile', { above: 0.5, max: 1 });
    if (values['no-baseline'] && values['baseline-quantile'] !== undefined) throw new EngineError('BAD_REQUEST', 'give --baseline-quantile or --no-baseline, not both');
    const baselineQuantile = values['no-baseline'] ? null : numberOption(values['baseline-quantile'], 'baseline-quantile', { above: 0.5, max: 1 });
    if (values['no-lung-prior'] && (values['lung-model'] !== undefined || values['lung-margin'] !== undefined)) throw new EngineError('BAD_REQUEST', 'give --no-lung-prior or --lung-model/--lung-margin, not both');
    const lungMargin = values['lung-margin'] === undefined ? undefined : checkLungMargin(Number(values['lung-margin']), '--lung-margin');
    const normals = readDataset(values.data, values['normal-label'] ?? 'normal').filter((e) => !e.abnormal).map((e) => e.path);
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const bar = progressLine(ctx, 'calibrate');
    const c = await calibrateModelDir(values.model, normals, { quantile, baselineQuantile, onProgress: bar, lungModel: values['no-lung-prior'] ? null : values['lung-model'], lungMargin });
    bar.end();
    const { baselineMap: _values, ...summary } = c;
    ctx.out(values.json ? JSON.stringify(summary) : `threshold floor ${c.floor.toFixed(4)} (${(c.quantile * 100).toFixed(1)}% of ${c.baseline ? 'baseline-subtracted ' : ''}map values on ${c.normals} normal images)${c.baseline ? `, normal baseline ${(c.baseline.quantile * 100).toFixed(0)}% per pixel` : ''}${c.lungPrior ? `, inside the lung fields (${c.lungPrior.model}, margin ${c.lungPrior.margin})` : ', no lung prior'} written to ${values.model}/calibration.json`);
    return 0;
  },
};
