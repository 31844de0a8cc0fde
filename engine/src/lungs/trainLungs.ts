/**
 * Trains the lung-field U-Net on (image, mask) pairs: data folder -> model folder (metadata.json,
 * weights.bin, optimizer.bin). Seeded batch order and augmentation (a resumed run draws the same batches
 * and the same augmentations an uninterrupted one would), Adam with a cosine learning-rate decay to a tenth,
 * checkpoints every N steps with the Dice on a fixed validation subset, cancellation between steps (saves a
 * checkpoint first, then throws CANCELLED).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../tf/kernels/gradients';
import { EngineError } from '../errors';
import { restoreOptimizers, restoreWeights, saveStoresCheckpoint } from '../model/checkpoint';
import { METADATA_FILE } from '../model/metadata';
import { batchIndices } from '../train/batchOrder';
import { mulberry32 } from '../util/mulberry32';
import { ENGINE_VERSION } from '../version';
import { DEFAULT_AUGMENT, augmentPair, describeAugment } from './augmentPair';
import { buildLungUnet } from './buildLungUnet';
import { loadLungPairs } from './loadLungPairs';
import { LUNG_LOSS, lungLoss } from './lungLoss';
import { lungProbabilities } from './lungModel';
import {
  LUNG_MODEL_FORMAT, LUNG_MODEL_FORMAT_VERSION, assertLungArch, readLungMetadata,
  type LungArch, type LungModelMetadata, type LungTrainingRecord,
} from './lungMetadata';
import { readLungDataset } from './readLungDataset';

/** The GAN's intensity convention, reached through the trainer's own loading path (not grayToInput's bilinear resize). */
export const LUNG_NORMALISATION = 'x = 2 * gray - 1 (gray in [0, 1], bright = dense, MONOCHROME1 inverted, as loadGrayImage gives it); '
  + 'image stretched to size x size with resizeGray auto (area when shrinking by more than 1.5x, else bilinear)';

export const LUNG_OUTPUT = 'logits [1, size, size, 1]; sigmoid = P(lung field) on the image stretched to size x size; '
  + 'mask = P upsampled bilinearly to the image size, > 0.5, the two largest regions, holes filled (mask/lungMaskFromProb)';

export interface LungTrainConfig {
  arch: LungArch;
  steps: number;
  batch: number;
  seed: number;
  learningRate: number;
  checkpointEvery: number;
  /** Validation pairs used for the Dice at checkpoints (evenly spread over the val list). */
  valSubset: number;
}

export const DEFAULT_LUNG_CONFIG: LungTrainConfig = {
  arch: { kind: 'lung-unet', size: 128, base: 8, levels: 5 },
  steps: 2500, batch: 8, seed: 1, learningRate: 2e-3, checkpointEvery: 100, valSubset: 100,
};

export interface LungTrainProgress {
  phase: 'loading' | 'training' | 'checkpoint' | 'done';
  step: number;
  total: number;
  losses?: Record<string, number>;
  /** Dice on the validation subset at the model's size (checkpoint, done). */
  valDice?: number;
  imagesPerSec?: number;
  etaSec?: number;
  elapsedSec?: number;
  note?: string;
}

export interface LungTrainOptions {
  data: string;
  out: string;
  /** With resume, steps 0 keeps the checkpoint's total (its arch, batch, seed and learning rate always win). */
  config: LungTrainConfig;
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: LungTrainProgress) => void;
}

export interface LungTrainResult {
  dir: string;
  metadata: LungModelMetadata;
  stepsThisRun: number;
}

/** Cosine decay from lr to lr / 10 over `total` steps. */
export function lungLearningRate(lr: number, step: number, total: number): number {
  const t = Math.min(1, Math.max(0, step / Math.max(1, total)));
  return lr / 10 + 0.5 * (lr - lr / 10) * (1 + Math.cos(Math.PI * t));
}

function assertConfig(c: LungTrainConfig): void {
  assertLungArch(c.arch);
  for (const [k, v] of [['steps', c.steps], ['batch', c.batch], ['checkpointEvery', c.checkpointEvery]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(c.seed)) throw new RangeError(`seed must be an integer, got ${c.seed}`);
  if (!(c.learningRate > 0 && c.learningRate < 1)) throw new RangeError(`learningRate must be in (0, 1), got ${c.learningRate}`);
  if (!Number.isInteger(c.valSubset) || c.valSubset < 0) throw new RangeError(`valSubset must be an integer >= 0, got ${c.valSubset}`);
}

/** Per-sample augmentation seed: (seed, step, slot) -> 32 bits. */
function augSeed(seed: number, step: number, k: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35)) >>> 0;
}

/** Dice of (p > 0.5) against (g > 0.5) over planes, mean over images. */
function meanDice(probs: Float32Array[], masks: Float32Array[]): number {
  let sum = 0;
  probs.forEach((p, i) => {
    const g = masks[i]!;
    let inter = 0;
    let a = 0;
    let b = 0;
    for (let j = 0; j < p.length; j++) {
      const x = p[j]! > 0.5 ? 1 : 0;
      const y = g[j]! > 0.5 ? 1 : 0;
      inter += x & y; a += x; b += y;
    }
    sum += a + b === 0 ? 1 : (2 * inter) / (a + b);
  });
  return probs.length === 0 ? NaN : sum / probs.length;
}

export async function trainLungs(opts: LungTrainOptions): Promise<LungTrainResult> {
  let config = opts.config;
  let prior: LungModelMetadata | undefined;
  if (opts.resume) {
    if (!existsSync(join(opts.out, METADATA_FILE))) throw new EngineError('MODEL', `nothing to resume: no ${METADATA_FILE}`, opts.out);
    prior = readLungMetadata(opts.out);
    const t = prior.training;
    // steps 0 keeps the checkpoint's total; another total (not below the steps done) re-plans the decay.
    const steps = config.steps === 0 ? t.totalSteps : config.steps;
    if (steps < t.step) throw new EngineError('BAD_REQUEST', `the checkpoint is at step ${t.step}; --steps ${steps} is below it`, opts.out);
    config = { ...config, arch: prior.arch, batch: t.batch, seed: t.seed, learningRate: t.learningRate, steps };
  } else if (existsSync(join(opts.out, METADATA_FILE))) {
    throw new EngineError('MODEL', 'a model already exists here; use --resume to continue it or choose another folder', opts.out);
  }
  try {
    assertConfig(config);
  } catch (e) {
    throw new EngineError('BAD_REQUEST', (e as Error).message);
  }
  const { arch, batch, seed } = config;
  const size = arch.size;
  const ds = readLungDataset(opts.data);
  const stride = ds.val.length > config.valSubset && config.valSubset > 0 ? ds.val.length / config.valSubset : 1;
  const valPairs = config.valSubset === 0 ? [] : ds.val.filter((_, i) => Math.floor(i / stride) !== Math.floor((i - 1) / stride) || i === 0).slice(0, config.valSubset);
  const nAll = ds.train.length + valPairs.length;
  const onLoad = (offset: number) => (i: number): void => opts.onProgress?.({ phase: 'loading', step: offset + i, total: nAll });
  const train = await loadLungPairs(ds.train, size, onLoad(0), opts.signal);
  const val = await loadLungPairs(valPairs, size, onLoad(ds.train.length), opts.signal);
  const { images: trainImgs, masks: trainMasks, hash: trainHash } = train;
  const { images: valImgs, masks: valMasks } = val;
  if (prior && prior.training.data.hash !== trainHash) {
    opts.onProgress?.({ phase: 'loading', step: nAll, total: nAll, note: 'the training data differ from the data the checkpoint was trained on' });
  }

  mkdirSync(opts.out, { recursive: true });
  const net = buildLungUnet({ base: arch.base, levels: arch.levels, seed });
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999);
  const groups = [{ name: 'lungs', optimizer }];
  try {
    let startStep = 0;
    let elapsedBefore = 0;
    let history: LungTrainingRecord['history'] = [];
    if (prior) {
      restoreWeights(opts.out, prior, [net.params]);
      await restoreOptimizers(opts.out, prior, groups);
      startStep = prior.training.step;
      elapsedBefore = prior.training.elapsedSec;
      history = prior.training.history;
    }
    const total = config.steps;
    const createdAt = prior?.createdAt ?? new Date().toISOString();
    const logEvery = Math.max(1, Math.min(config.checkpointEvery, Math.floor(total / 100)));
    const t0 = performance.now();
    let window: Record<string, number>[] = [];
    let last: Record<string, number> = {};
    let stepMsEma = 0;
    let step = startStep;
    const mean = (w: Record<string, number>[]): Record<string, number> => {
      const o: Record<string, number> = {};
      for (const l of w) for (const [k, v] of Object.entries(l)) o[k] = (o[k] ?? 0) + v / w.length;
      return o;
    };

    const validate = async (): Promise<number | undefined> => {
      if (valImgs.length === 0) return undefined;
      const probs: Float32Array[] = [];
      for (let i = 0; i < valImgs.length; i += 16) probs.push(...await lungProbabilities(net, valImgs.slice(i, i + 16), size));
      return meanDice(probs, valMasks);
    };

    const checkpoint = async (): Promise<LungModelMetadata> => {
      const valDice = await validate();
      opts.onProgress?.({ phase: 'checkpoint', step, total, valDice });
      const h = history[history.length - 1];
      if (valDice !== undefined) {
        if (h && h.step === step) h.valDice = valDice;
        else history.push({ step, losses: window.length > 0 ? mean(window) : last, valDice });
      }
      const doneHere = step - startStep;
      const runSec = (performance.now() - t0) / 1000;
      const training: LungTrainingRecord = {
        step, totalSteps: total, batch, seed, learningRate: config.learningRate, loss: LUNG_LOSS, augmentation: describeAugment(DEFAULT_AUGMENT),
        data: { name: ds.name, layout: ds.layout, train: ds.train.length, val: ds.val.length, hash: trainHash, ...(ds.licence ? { licence: ds.licence } : {}) },
        backend: tf.getBackend(), elapsedSec: elapsedBefore + runSec,
        imagesPerSec: doneHere > 0 && runSec > 0 ? (doneHere * batch) / runSec : prior?.training.imagesPerSec ?? 0,
        losses: window.length > 0 ? mean(window) : last, history,
      };
      return saveStoresCheckpoint(opts.out, [net.params], {
        format: LUNG_MODEL_FORMAT, formatVersion: LUNG_MODEL_FORMAT_VERSION, engineVersion: ENGINE_VERSION,
        createdAt, updatedAt: new Date().toISOString(), arch, normalisation: LUNG_NORMALISATION, output: LUNG_OUTPUT, training,
        ...(prior?.evaluation ? { evaluation: prior.evaluation } : {}),
      } as Omit<LungModelMetadata, 'weights' | 'optimizer'>, groups);
    };

    const n = size * size;
    while (step < total) {
      if (opts.signal?.aborted) {
        await checkpoint();
        throw new EngineError('CANCELLED', `cancelled at step ${step} of ${total}; checkpoint saved in ${opts.out} (resume with --resume)`);
      }
      const ts = performance.now();
      const idx = batchIndices(trainImgs.length, batch, step, seed, 0);
      const xb = new Float32Array(batch * n);
      const yb = new Float32Array(batch * n);
      idx.forEach((k, i) => {
        const a = augmentPair(trainImgs[k]!, trainMasks[k]!, size, mulberry32(augSeed(seed, step, i)));
        for (let j = 0; j < n; j++) xb[i * n + j] = 2 * a.image[j]! - 1;
        yb.set(a.mask, i * n);
      });
      (optimizer as unknown as { learningRate: number }).learningRate = lungLearningRate(config.learningRate, step, total);
      const x = tf.tensor4d(xb, [batch, size, size, 1]);
      const y = tf.tensor4d(yb, [batch, size, size, 1]);
      let parts: tf.Scalar[] = [];
      try {
        const cost = optimizer.minimize(() => {
          const [tot, bce, dice] = lungLoss(net.apply(x), y);
          parts = [tf.keep(bce), tf.keep(dice)];
          return tot;
        }, true, net.params.list());
        const [vt, vb, vd] = await Promise.all([cost!.data(), parts[0]!.data(), parts[1]!.data()]);
        cost!.dispose();
        last = { loss: vt[0]!, bce: vb[0]!, dice: vd[0]! };
      } finally {
        tf.dispose([x, y, ...parts]);
      }
      if (!Number.isFinite(last.loss!)) throw new EngineError('INTERNAL', `training diverged at step ${step + 1}: loss is ${last.loss}; try a lower learning rate`);
      step++;
      window.push(last);
      if (step % logEvery === 0 || step === total) {
        history.push({ step, losses: mean(window) });
        window = [];
      }
      const ms = performance.now() - ts;
      stepMsEma = stepMsEma === 0 ? ms : 0.9 * stepMsEma + 0.1 * ms;
      const runSec = (performance.now() - t0) / 1000;
      opts.onProgress?.({
        phase: 'training', step, total, losses: last, imagesPerSec: ((step - startStep) * batch) / runSec,
        etaSec: ((total - step) * stepMsEma) / 1000, elapsedSec: elapsedBefore + runSec,
      });
      if (step % config.checkpointEvery === 0 && step < total) await checkpoint();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const metadata = await checkpoint();
    const lastVal = metadata.training.history.filter((h) => h.valDice !== undefined).pop()?.valDice;
    opts.onProgress?.({ phase: 'done', step, total, losses: metadata.training.losses, valDice: lastVal, imagesPerSec: metadata.training.imagesPerSec, elapsedSec: metadata.training.elapsedSec, etaSec: 0 });
    return { dir: opts.out, metadata, stepsThisRun: step - startStep };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
