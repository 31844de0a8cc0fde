import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { aggregateMetrics, evaluateImage, loadEvalSet } from '../../metrics';
import { DEFAULT_SEG_CONFIG, type SegTrainConfig } from '../../segmenter/trainSeg';
import { simulateAcceptance, type PickRule } from '../../segmenter/simulateAcceptance';
import { simulationPlotSvg, simulationTable, type Baseline } from '../../segmenter/simulationReport';
import { applyLungPrior, defaultLungModelDir, openLungPrior } from '../../propose/lungPrior';
import type { GrayImage } from '../../image/grayImage';
import type { CliCommand } from '../command';
import { numberOption } from '../numberOptions';
import { progressLine } from '../progressLine';

function ints(v: string, name: string): number[] {
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((n) => !Number.isInteger(n) || n < 1)) throw new EngineError('BAD_REQUEST', `--${name} must be positive integers separated by commas, got "${v}"`);
  return xs;
}

export const simulateAcceptCommand: CliCommand = {
  name: 'simulate-accept',
  summary: 'simulate clinicians accepting k true masks: train the segmenter on them, score it on held-out images',
  usage: 'taggan simulate-accept --data TRUTHDIR --masks SUBDIR --out DIR [--k 25,50,100,150] [--pick random,doubt] [--test-fraction 0.5] [--normals pool|picked] [--normal-weight balanced|one] [--unlabelled DIR --soft-targets W [--soft-steps N]] [--normal-label L] [--no-lung-prior] [--lung-model DIR] '
    + '[--steps N] [--batch N] [--size N] [--base N] [--levels N] [--lr X] [--seed S] [--no-init | --init MODELDIR] [--baseline NAME=PREDDIR ...] [--backend B] [--json]\n'
    + '  TRUTHDIR: labels.csv (file,label) + SUBDIR/STEM.png true masks (covid-qu/val with --masks infection). Writes DIR/simulation.json,\n'
    + '  DIR/table.md, DIR/dice-by-k.svg, a model and predictions per round; a finished round is reused on a second run.\n'
    + '  --normals pool (default, as the product trains): every normal-labelled pool image is an empty target and k counts accepted\n'
    + '  masks of abnormal-labelled images; picked: k is drawn from the whole pool and only picked normals are trained on.\n'
    + '  --unlabelled DIR (labels.csv, no masks) --soft-targets W: self-training; each round also trains a second model on its own\n'
    + '  masks of DIR\'s abnormal images (weight W) and DIR\'s normals, as train-seg --soft-targets does after a re-proposal.',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' }, masks: { type: 'string' }, out: { type: 'string' }, k: { type: 'string' }, pick: { type: 'string' }, 'test-fraction': { type: 'string' }, normals: { type: 'string' }, 'normal-weight': { type: 'string' },
        unlabelled: { type: 'string' }, 'no-lung-prior': { type: 'boolean' }, 'lung-model': { type: 'string' }, 'soft-targets': { type: 'string' }, 'soft-steps': { type: 'string' },
        'normal-label': { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' }, size: { type: 'string' }, base: { type: 'string' }, levels: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' },
        'no-init': { type: 'boolean' }, init: { type: 'string' }, baseline: { type: 'string', multiple: true }, backend: { type: 'string' }, json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.data || !values.out) throw new EngineError('BAD_REQUEST', '--data TRUTHDIR and --out DIR are required');
    const picks = (values.pick ?? 'random,doubt').split(',') as PickRule[];
    for (const p of picks) if (p !== 'random' && p !== 'doubt') throw new EngineError('BAD_REQUEST', `--pick takes random and/or doubt, got "${p}"`);
    const normals = values.normals ?? 'pool';
    if (normals !== 'pool' && normals !== 'picked') throw new EngineError('BAD_REQUEST', `--normals takes pool or picked, got "${normals}"`);
    const normalWeight = values['normal-weight'] ?? 'balanced';
    if (normalWeight !== 'one' && normalWeight !== 'balanced') throw new EngineError('BAD_REQUEST', `--normal-weight takes one or balanced, got "${normalWeight}"`);
    const one = (v: string | undefined, name: string, d: number): number => (v === undefined ? d : ints(v, name)[0]!);
    const d = DEFAULT_SEG_CONFIG;
    const config: SegTrainConfig = {
      ...d, arch: { ...d.arch, size: one(values.size, 'size', d.arch.size), base: one(values.base, 'base', d.arch.base), levels: one(values.levels, 'levels', d.arch.levels) },
      learningRate: values.lr === undefined ? d.learningRate : numberOption(values.lr, 'lr', { above: 0 })!,
      steps: one(values.steps, 'steps', d.steps), batch: one(values.batch, 'batch', d.batch), seed: one(values.seed, 'seed', d.seed),
    };
    const baselines = (values.baseline ?? []).map((b) => {
      const i = b.indexOf('=');
      if (i <= 0) throw new EngineError('BAD_REQUEST', `--baseline takes NAME=PREDDIR, got "${b}"`);
      return { name: b.slice(0, i), dir: resolve(b.slice(i + 1)) };
    });
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const initFrom = values['no-init'] ? undefined : values.init ? resolve(values.init) : defaultLungModelDir();
    const out = resolve(values.out);
    // Scored as the app proposes: the segmenter's map kept inside the lung fields (models/lungs) unless told not to.
    const prior = values['no-lung-prior'] ? null : openLungPrior(values['lung-model'] ? resolve(values['lung-model']) : undefined);
    const restrict = prior ? { restrict: (img: GrayImage, prob: Float32Array) => applyLungPrior(prior, img, prob, config.arch.size), restrictNote: `lung prior ${prior.id}, margin ${prior.margin}` } : {};
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const bar = progressLine(ctx, 'simulation');
    let lastWhat = '';
    try {
      const r = await simulateAcceptance({
        data: resolve(values.data), masks: values.masks ?? 'masks', normalLabel: values['normal-label'] ?? 'normal',
        ks: ints(values.k ?? '25,50,100,150', 'k'), picks, testFraction: numberOption(values['test-fraction'], 'test-fraction', { above: 0, max: 0.9 }), out, config, seed: config.seed, normals, normalWeight, initFrom, ...restrict,
        ...(values.unlabelled ? { unlabelled: resolve(values.unlabelled) } : {}),
        ...(values['soft-targets'] !== undefined ? { softWeight: numberOption(values['soft-targets'], 'soft-targets', { above: 0 })! } : {}),
        ...(values['soft-steps'] !== undefined ? { softSteps: one(values['soft-steps'], 'soft-steps', config.steps) } : {}), signal: controller.signal,
        onProgress: (p) => {
          if (p.what !== lastWhat && !ctx.isTTY && !values.json) ctx.err(p.what);
          lastWhat = p.what;
          if (values.json && p.train?.phase === 'done') ctx.out(JSON.stringify({ phase: 'trained', round: p.what, step: p.step, imagesPerSec: p.train.imagesPerSec, elapsedSec: p.train.elapsedSec }));
          bar(p.step, p.total, p.what);
        },
      });
      bar.end();
      const scored: Baseline[] = baselines.map((b) => ({ name: b.name, metrics: aggregateMetrics(loadEvalSet(b.dir, r.testTruth, { masks: values.masks ?? 'masks', normalLabel: 'normal' }).images.map(evaluateImage)) }));
      const table = simulationTable(r.rounds, scored);
      writeFileSync(join(out, 'table.md'), `${table}\n`);
      writeFileSync(join(out, 'dice-by-k.svg'), simulationPlotSvg(r.rounds, scored, `Segmenter from k accepted masks: ${r.test} held-out images`));
      if (values.json) ctx.out(JSON.stringify({ phase: 'done', test: r.test, pool: r.pool, rounds: r.rounds.map((x) => ({ pick: x.pick, k: x.k, metrics: x.metrics })), baselines: scored }));
      else {
        ctx.out(`held out ${r.test} images, pool ${r.pool}; models and predictions in ${out}`);
        ctx.out(table);
      }
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      prior?.model.dispose();
    }
  },
};
