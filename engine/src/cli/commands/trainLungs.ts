import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../../errors';
import { evaluateLungs } from '../../lungs/evaluateLungs';
import { loadLungModel } from '../../lungs/lungModel';
import { writeLungEvaluation } from '../../lungs/lungMetadata';
import { readLungDataset } from '../../lungs/readLungDataset';
import { DEFAULT_LUNG_CONFIG, trainLungs, type LungTrainConfig, type LungTrainProgress } from '../../lungs/trainLungs';
import { cpus } from 'node:os';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';
import { intOption as int, numberOption } from '../numberOptions';
import { fmtSec, trainingProgressPrinter } from '../trainingProgress';

export const trainLungsCommand: CliCommand = {
  name: 'train-lungs',
  summary: 'train the lung-field segmenter (U-Net) on image + lung-mask pairs',
  usage: 'taggan train-lungs --data DIR --out MODELDIR [--size N] [--steps N] [--batch N] [--base N] [--levels N] [--lr X] [--seed S] '
    + '[--checkpoint-every N] [--val-subset N] [--no-eval] [--resume] [--backend B] [--json]\n'
    + '  DIR: covid-qu layout (train/CLASS/*, lungs/*, val/CLASS/*, val/lungs/*) or images/ + masks/ (same stems; optional val/images + val/masks)',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' }, out: { type: 'string' }, size: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' },
        base: { type: 'string' }, levels: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' },
        'checkpoint-every': { type: 'string' }, 'val-subset': { type: 'string' }, 'no-eval': { type: 'boolean' },
        resume: { type: 'boolean' }, backend: { type: 'string' }, json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.data) throw new EngineError('BAD_REQUEST', '--data DIR is required');
    if (!values.out) throw new EngineError('BAD_REQUEST', '--out MODELDIR is required');
    const d = DEFAULT_LUNG_CONFIG;
    const config: LungTrainConfig = {
      arch: { kind: 'lung-unet', size: int(values.size, 'size') ?? d.arch.size, base: int(values.base, 'base') ?? d.arch.base, levels: int(values.levels, 'levels') ?? d.arch.levels },
      // On --resume without --steps, the checkpoint's own total; with it, a new total (the decay follows it).
      steps: int(values.steps, 'steps') ?? (values.resume ? 0 : d.steps),
      batch: int(values.batch, 'batch') ?? d.batch,
      seed: int(values.seed, 'seed') ?? d.seed,
      learningRate: d.learningRate,
      checkpointEvery: int(values['checkpoint-every'], 'checkpoint-every') ?? d.checkpointEvery,
      valSubset: int(values['val-subset'], 'val-subset') ?? d.valSubset,
    };
    config.learningRate = numberOption(values.lr, 'lr', { above: 0 }) ?? config.learningRate;
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const onProgress = trainingProgressPrinter<LungTrainProgress>(ctx, {
      json: Boolean(values.json),
      loading: 'loading pairs',
      jsonExtra: (p) => ({ valDice: p.valDice === undefined ? undefined : Number(p.valDice.toFixed(4)) }),
      detail: (p) => (p.phase === 'training'
        ? ` loss ${p.losses?.loss?.toFixed(3)} (bce ${p.losses?.bce?.toFixed(3)} dice ${p.losses?.dice?.toFixed(3)}) ${p.imagesPerSec?.toFixed(1)} img/s ETA ${fmtSec(p.etaSec)}`
        : p.valDice !== undefined ? ` val Dice ${p.valDice.toFixed(4)}` : ''),
      plain: (p) => (p.phase === 'checkpoint' && p.valDice !== undefined ? `step ${p.step}/${p.total}: validation Dice ${p.valDice.toFixed(4)} (model size)` : undefined),
      endPhases: ['checkpoint'],
    });
    try {
      const r = await trainLungs({ data: resolve(values.data), out: resolve(values.out), config, resume: values.resume, signal: controller.signal, onProgress });
      const t = r.metadata.training;
      if (!values.json) {
        ctx.out(`trained ${r.stepsThisRun} steps (${t.step}/${t.totalSteps}) on ${t.data.train} image + lung-mask pairs at ${r.metadata.arch.size} px`);
        ctx.out(`  ${t.imagesPerSec.toFixed(2)} images/s, ${fmtSec(t.elapsedSec)} in all; losses ${Object.entries(t.losses).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
      }
      const ds = readLungDataset(resolve(values.data));
      if (!values['no-eval'] && ds.val.length > 0) {
        const model = loadLungModel(r.dir);
        const bar = values.json ? undefined : progressLine(ctx, 'validating');
        try {
          const e = await evaluateLungs(model, ds.val, (i, n) => bar?.(i, n), controller.signal);
          bar?.end();
          writeLungEvaluation(r.dir, {
            data: `trained on ${ds.name} (${ds.layout} layout): ${ds.train.length} training pairs; judged on its ${e.images} validation pairs, at each truth mask's own size`,
            measured: `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model.trim() ?? 'CPU'} x${cpus().length}, TF.js ${tf.getBackend()}`,
            figures: { valDiceMean: e.diceMean, valDiceMedian: e.diceMedian, valDiceMin: e.diceMin, valIouMean: e.iouMean, valImages: e.images },
            notes: ['mask = P(lung) upsampled bilinearly to the mask size, > 0.5, two largest regions, holes filled'],
          });
          if (values.json) ctx.out(JSON.stringify({ phase: 'evaluated', images: e.images, diceMean: e.diceMean, diceMedian: e.diceMedian, diceMin: e.diceMin, iouMean: e.iouMean }));
          else ctx.out(`  validation (${e.images} pairs, mask size): Dice mean ${e.diceMean.toFixed(4)}, median ${e.diceMedian.toFixed(4)}, min ${e.diceMin.toFixed(4)}; IoU mean ${e.iouMean.toFixed(4)}`);
        } finally {
          model.dispose();
        }
      }
      if (!values.json) ctx.out(`  model: ${r.dir}`);
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
