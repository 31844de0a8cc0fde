/**
 * Trains a one-channel U-Net (lungs/buildLungUnet) on pre-loaded (image, target) planes: the loop shared by
 * the lung-field model and the workspace segmenter. Seeded batch order and augmentation (a resumed run draws
 * the same batches and augmentations an uninterrupted one would), Adam with a cosine learning-rate decay to a
 * tenth, checkpoints every N steps with the Dice on the validation planes, cancellation between steps (saves a
 * checkpoint first, then throws CANCELLED). The caller owns the metadata record: `describe` builds it at each
 * checkpoint from the training state.
 */
import { mkdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '../tf/kernels/gradients';
import { EngineError } from '../errors';
import { restoreOptimizers, restoreWeights, saveStoresCheckpoint } from '../model/checkpoint';
import type { ModelMetadata } from '../model/metadata';
import { batchIndices } from '../train/batchOrder';
import { adam } from '../train/fusedAdam';
import { mulberry32 } from '../util/mulberry32';
import { DEFAULT_AUGMENT, augmentPair, type AugmentRanges } from './augmentPair';
import { buildLungUnet, type LungUnet } from './buildLungUnet';
import { lungLoss } from './lungLoss';
import { unetPlaneProbabilities } from './unetProbabilities';

export interface UnetShape {
  /** Square input size (a multiple of 2^(levels-1)). */
  size: number;
  base: number;
  levels: number;
}

export interface UnetTrainConfig {
  steps: number;
  batch: number;
  seed: number;
  learningRate: number;
  checkpointEvery: number;
}

/** size*size planes: gray in [0, 1] and targets in [0, 1]; `weights` (per pair, default 1) scale each pair's loss. */
export interface UnetPlanes {
  images: Float32Array[];
  masks: Float32Array[];
  weights?: number[];
}

export type UnetHistory = { step: number; losses: Record<string, number>; valDice?: number }[];

/** What the loop knows at a checkpoint, for the caller's metadata record. */
export interface UnetTrainState {
  step: number;
  totalSteps: number;
  elapsedSec: number;
  imagesPerSec: number;
  losses: Record<string, number>;
  history: UnetHistory;
  backend: string;
}

export interface UnetTrainProgress {
  phase: 'training' | 'checkpoint' | 'done';
  step: number;
  total: number;
  losses?: Record<string, number>;
  valDice?: number;
  imagesPerSec?: number;
  etaSec?: number;
  elapsedSec?: number;
}

/** A checkpoint to go on from (resume: its own folder; weights, Adam state and the state record). */
export interface UnetResumeFrom {
  metadata: Pick<ModelMetadata, 'weights' | 'optimizer'>;
  state: Pick<UnetTrainState, 'step' | 'elapsedSec' | 'imagesPerSec' | 'history'>;
}

export interface TrainUnetOptions<M extends object> {
  out: string;
  shape: UnetShape;
  config: UnetTrainConfig;
  train: UnetPlanes;
  val: UnetPlanes;
  augment?: AugmentRanges;
  resume?: UnetResumeFrom;
  /** Start from another model folder's weights (same U-Net shape): transfer learning. Ignored on resume. */
  init?: { dir: string; metadata: Pick<ModelMetadata, 'weights'> };
  /** The metadata record (without weights/optimizer) saved at a checkpoint. */
  describe(state: UnetTrainState): M;
  signal?: AbortSignal;
  onProgress?: (p: UnetTrainProgress) => void;
}

export interface TrainUnetResult<M> {
  metadata: M & Pick<ModelMetadata, 'weights' | 'optimizer'>;
  stepsThisRun: number;
}

/** Cosine decay from lr to lr / 10 over `total` steps. */
export function unetLearningRate(lr: number, step: number, total: number): number {
  const t = Math.min(1, Math.max(0, step / Math.max(1, total)));
  return lr / 10 + 0.5 * (lr - lr / 10) * (1 + Math.cos(Math.PI * t));
}

/** Checks the loop's numbers; throws RangeError naming the field. */
export function assertUnetConfig(c: UnetTrainConfig): void {
  for (const [k, v] of [['steps', c.steps], ['batch', c.batch], ['checkpointEvery', c.checkpointEvery]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(c.seed)) throw new RangeError(`seed must be an integer, got ${c.seed}`);
  if (!(c.learningRate > 0 && c.learningRate < 1)) throw new RangeError(`learningRate must be in (0, 1), got ${c.learningRate}`);
}

/** Per-sample augmentation seed: (seed, step, slot) -> 32 bits. */
function augSeed(seed: number, step: number, k: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35)) >>> 0;
}

/** Dice of (p > 0.5) against (g > 0.5) per plane (1 when both are empty), mean over planes. */
export function meanPlaneDice(probs: Float32Array[], masks: Float32Array[]): number {
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

const meanOf = (w: Record<string, number>[]): Record<string, number> => {
  const o: Record<string, number> = {};
  for (const l of w) for (const [k, v] of Object.entries(l)) o[k] = (o[k] ?? 0) + v / w.length;
  return o;
};

export async function trainUnet<M extends object>(opts: TrainUnetOptions<M>): Promise<TrainUnetResult<M>> {
  const { config, shape, train, val } = opts;
  try {
    assertUnetConfig(config);
  } catch (e) {
    throw new EngineError('BAD_REQUEST', (e as Error).message);
  }
  const { batch, seed } = config;
  const size = shape.size;
  const n = size * size;
  if (train.images.length === 0) throw new EngineError('BAD_REQUEST', 'no training pairs');
  if (train.masks.length !== train.images.length) throw new RangeError('trainUnet: images and masks differ in number');
  for (const p of [...train.images, ...train.masks, ...val.images, ...val.masks]) {
    if (p.length !== n) throw new RangeError(`trainUnet: a plane has ${p.length} values, expected ${n}`);
  }
  const weighted = train.weights !== undefined && train.weights.some((w) => w !== 1);
  const augment = opts.augment ?? DEFAULT_AUGMENT;

  mkdirSync(opts.out, { recursive: true });
  const net = buildLungUnet({ base: shape.base, levels: shape.levels, seed });
  const optimizer = adam(config.learningRate, 0.9, 0.999);
  const groups = [{ name: 'lungs', optimizer }];
  try {
    let startStep = 0;
    let elapsedBefore = 0;
    let history: UnetHistory = [];
    if (opts.resume) {
      restoreWeights(opts.out, opts.resume.metadata, [net.params]);
      await restoreOptimizers(opts.out, opts.resume.metadata, groups);
      startStep = opts.resume.state.step;
      elapsedBefore = opts.resume.state.elapsedSec;
      history = opts.resume.state.history;
    } else if (opts.init) {
      restoreWeights(opts.init.dir, opts.init.metadata, [net.params]);
    }
    const total = config.steps;
    const logEvery = Math.max(1, Math.min(config.checkpointEvery, Math.floor(total / 100)));
    const t0 = performance.now();
    let window: Record<string, number>[] = [];
    let last: Record<string, number> = {};
    let stepMsEma = 0;
    let step = startStep;
    let lastState: UnetTrainState | undefined;

    const checkpoint = async (): Promise<M & Pick<ModelMetadata, 'weights' | 'optimizer'>> => {
      const valDice = val.images.length === 0 ? undefined : meanPlaneDice(await unetPlaneProbabilities(net, val.images, size), val.masks);
      opts.onProgress?.({ phase: 'checkpoint', step, total, valDice });
      const h = history[history.length - 1];
      if (valDice !== undefined) {
        if (h && h.step === step) h.valDice = valDice;
        else history.push({ step, losses: window.length > 0 ? meanOf(window) : last, valDice });
      }
      const doneHere = step - startStep;
      const runSec = (performance.now() - t0) / 1000;
      const state: UnetTrainState = {
        step, totalSteps: total, backend: tf.getBackend(), elapsedSec: elapsedBefore + runSec,
        imagesPerSec: doneHere > 0 && runSec > 0 ? (doneHere * batch) / runSec : opts.resume?.state.imagesPerSec ?? 0,
        losses: window.length > 0 ? meanOf(window) : last, history,
      };
      lastState = state;
      return saveStoresCheckpoint(opts.out, [net.params], opts.describe(state), groups);
    };

    while (step < total) {
      if (opts.signal?.aborted) {
        await checkpoint();
        throw new EngineError('CANCELLED', `cancelled at step ${step} of ${total}; checkpoint saved in ${opts.out} (resume with --resume)`);
      }
      const ts = performance.now();
      const idx = batchIndices(train.images.length, batch, step, seed, 0);
      const xb = new Float32Array(batch * n);
      const yb = new Float32Array(batch * n);
      const wb = new Float32Array(batch);
      idx.forEach((k, i) => {
        const a = augmentPair(train.images[k]!, train.masks[k]!, size, mulberry32(augSeed(seed, step, i)), augment);
        for (let j = 0; j < n; j++) xb[i * n + j] = 2 * a.image[j]! - 1;
        yb.set(a.mask, i * n);
        wb[i] = train.weights?.[k] ?? 1;
      });
      (optimizer as unknown as { learningRate: number }).learningRate = unetLearningRate(config.learningRate, step, total);
      const x = tf.tensor4d(xb, [batch, size, size, 1]);
      const y = tf.tensor4d(yb, [batch, size, size, 1]);
      const w = weighted ? tf.tensor4d(wb, [batch, 1, 1, 1]) : undefined;
      let parts: tf.Scalar[] = [];
      try {
        const cost = optimizer.minimize(() => {
          const [tot, bce, dice] = lungLoss(net.apply(x), y, w);
          parts = [tf.keep(bce), tf.keep(dice)];
          return tot;
        }, true, net.params.list());
        const [vt, vb, vd] = await Promise.all([cost!.data(), parts[0]!.data(), parts[1]!.data()]);
        cost!.dispose();
        last = { loss: vt[0]!, bce: vb[0]!, dice: vd[0]! };
      } finally {
        tf.dispose([x, y, ...parts, ...(w ? [w] : [])]);
      }
      if (!Number.isFinite(last.loss!)) throw new EngineError('INTERNAL', `training diverged at step ${step + 1}: loss is ${last.loss}; try a lower learning rate`);
      step++;
      window.push(last);
      if (step % logEvery === 0 || step === total) {
        history.push({ step, losses: meanOf(window) });
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
    const lastVal = history.filter((h) => h.valDice !== undefined).pop()?.valDice;
    opts.onProgress?.({ phase: 'done', step, total, losses: lastState?.losses ?? last, valDice: lastVal, imagesPerSec: lastState?.imagesPerSec, elapsedSec: lastState?.elapsedSec, etaSec: 0 });
    return { metadata, stepsThisRun: step - startStep };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
