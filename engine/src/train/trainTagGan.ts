/**
 * The TagGAN trainer: data folder + config -> model folder (metadata.json, weights.bin, optimizer.bin,
 * samples/step-NNNNNN.png). Progress through a callback, cancellation through an AbortSignal checked
 * between steps (a cancelled run saves a checkpoint first, then throws CANCELLED), resume from the
 * folder's checkpoint. Deterministic given the seed on the cpu and wasm backends (seeded init, seeded
 * batch order that a resumed run continues exactly).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../errors';
import { buildTagGan, type TagGanNets } from '../model/buildTagGan';
import { readMetadata, restoreOptimizers, restoreWeights, saveCheckpoint } from '../model/checkpoint';
import { METADATA_FILE, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelMetadata, type TrainingRecord } from '../model/metadata';
import { NORMALISATION } from '../model/normalize';
import { ENGINE_VERSION } from '../version';
import { batchIndices } from './batchOrder';
import { encodeGrayPng } from '../image/encodeGrayPng';
import { loadTrainingImages } from './loadTrainingImages';
import { readDataset, type DatasetEntry } from './readDataset';
import { sampleSheet } from './sampleSheet';
import { assertTrainConfig, type TrainConfig } from './trainConfig';
import { createOptimizers, disposeOptimizers, trainStep, type Optimizers, type StepLosses } from './trainStep';

export const MAP_MEANING = 'map = |m| / 2 in gray units [0, 1], m = G_A2N(x) in model units; healthy = (x - m + 1) / 2; signedMap = m / 2, positive = brighter than healthy';

export interface TrainProgress {
  phase: 'loading' | 'training' | 'checkpoint' | 'done';
  /** Steps done (training/checkpoint/done) or images loaded (loading). */
  step: number;
  total: number;
  /** Losses of the last step (training). */
  losses?: StepLosses;
  /** Training images per second over this run so far (abnormal + normal). */
  imagesPerSec?: number;
  etaSec?: number;
  elapsedSec?: number;
  /** A note for the user (e.g. the data changed since the checkpoint). */
  note?: string;
}

export interface TrainOptions {
  /** Data folder (labels.csv or one folder per class). */
  data: string;
  /** Model folder to write (created if missing). */
  out: string;
  config: TrainConfig;
  normalLabel?: string;
  /** Continue from the checkpoint in `out` (its arch, batch, seed, loss weights and adversarial loss win). */
  resume?: boolean;
  /**
   * With `resume`: continue at this input size instead of the checkpoint's (every network is fully
   * convolutional, so e.g. a 64 px model goes on at 128 px); recorded in `training.sizes`.
   */
  resumeAtSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /**
   * Lung prior for the losses: given the training images (size x size gray planes in [0, 1]), returns for
   * each a 0/1 plane of where changes are allowed (the dilated lung fields). Changes elsewhere cost
   * `loss.lung`. `describe` is recorded in the metadata (which lung model, which margin).
   */
  lungPrior?: { masks: (planes: Float32Array[], size: number, entries: DatasetEntry[]) => Promise<Uint8Array[]>; describe: string };
}

/** What one trainTagGan call did (the protocol's TrainResult is what train.start answers the app). */
export interface TrainRunResult {
  dir: string;
  metadata: ModelMetadata;
  /** Steps done by this call. */
  stepsThisRun: number;
}

/**
 * The wasm backend's heap is limited to 4 GB; when a step needs more, the wasm module aborts with a
 * RuntimeError (e.g. "divide by zero" in tensor registration) and cannot be used again in this process.
 */
function asOutOfMemory(e: unknown, step: number): unknown {
  if (e instanceof Error && (e.name === 'RuntimeError' || /out of memory|Failed to allocate/i.test(e.message))) {
    return new EngineError('OUT_OF_MEMORY', `the ${tf.getBackend()} backend failed at step ${step} (${e.message}), most likely out of memory (wasm has at most 4 GB): use a smaller --size, --ngf, --depth or --batch`);
  }
  return e;
}

function meanLosses(window: StepLosses[]): StepLosses {
  const out: StepLosses = {};
  for (const l of window) for (const [k, v] of Object.entries(l)) out[k] = (out[k] ?? 0) + v / window.length;
  return out;
}

/** The chosen 0/1 masks as one [B, S, S, 1] float tensor. */
function maskBatch(masks: Uint8Array[], idx: number[], size: number): tf.Tensor4D {
  const n = size * size;
  const buf = new Float32Array(idx.length * n);
  idx.forEach((k, i) => {
    const m = masks[k]!;
    for (let j = 0; j < n; j++) buf[i * n + j] = m[j]!;
  });
  return tf.tensor4d(buf, [idx.length, size, size, 1]);
}

/** Copies the chosen images into one [B, S, S, 1] tensor in model units. */
function makeBatch(images: Float32Array[], idx: number[], size: number): tf.Tensor4D {
  const n = size * size;
  const buf = new Float32Array(idx.length * n);
  idx.forEach((k, i) => {
    const img = images[k]!;
    for (let j = 0; j < n; j++) buf[i * n + j] = 2 * img[j]! - 1;
  });
  return tf.tensor4d(buf, [idx.length, size, size, 1]);
}

export async function trainTagGan(opts: TrainOptions): Promise<TrainRunResult> {
  const normalLabel = opts.normalLabel ?? 'normal';
  let config = opts.config;
  let prior: ModelMetadata | undefined;
  if (opts.resume) {
    if (!existsSync(join(opts.out, METADATA_FILE))) throw new EngineError('MODEL', `nothing to resume: no ${METADATA_FILE}`, opts.out);
    prior = readMetadata(opts.out);
    const t = prior.training;
    config = {
      ...config, arch: { ...prior.arch, size: opts.resumeAtSize ?? prior.arch.size }, batch: t.batch, seed: t.seed, loss: { ...config.loss, ...t.lossWeights } as TrainConfig['loss'],
      learningRate: t.learningRate, steps: Math.max(config.steps, t.totalSteps), adversarial: t.adversarial ?? 'lsgan',
    };
  } else if (existsSync(join(opts.out, METADATA_FILE))) {
    throw new EngineError('MODEL', 'a model already exists here; use --resume to continue it or choose another folder', opts.out);
  }
  try {
    assertTrainConfig(config);
  } catch (e) {
    throw new EngineError('BAD_REQUEST', (e as Error).message);
  }
  const { arch, batch, seed } = config;
  const size = arch.size;

  const entries = readDataset(opts.data, normalLabel);
  const abn: DatasetEntry[] = entries.filter((e) => e.abnormal);
  const nor: DatasetEntry[] = entries.filter((e) => !e.abnormal);
  const ordered = [...abn, ...nor];
  const loaded = await loadTrainingImages(ordered, size, (i, n) => opts.onProgress?.({ phase: 'loading', step: i, total: n }), opts.signal);
  const imgA = loaded.images.slice(0, abn.length);
  const imgN = loaded.images.slice(abn.length);
  let lungA: Uint8Array[] | undefined;
  let lungN: Uint8Array[] | undefined;
  if (opts.lungPrior) {
    opts.onProgress?.({ phase: 'loading', step: ordered.length, total: ordered.length, note: `lung prior: ${opts.lungPrior.describe}` });
    const masks = await opts.lungPrior.masks(loaded.images, size, ordered);
    if (masks.length !== ordered.length) throw new EngineError('INTERNAL', `lung prior gave ${masks.length} masks for ${ordered.length} images`);
    lungA = masks.slice(0, abn.length);
    lungN = masks.slice(abn.length);
  }
  if (prior && prior.training.dataHash !== loaded.dataHash) {
    opts.onProgress?.({ phase: 'loading', step: ordered.length, total: ordered.length, note: 'the training data differ from the data the checkpoint was trained on' });
  }

  mkdirSync(opts.out, { recursive: true });
  let nets: TagGanNets | undefined;
  let optim: Optimizers | undefined;
  try {
    nets = buildTagGan(arch, seed);
    optim = createOptimizers(nets, config.learningRate, config.beta1);
    const groups = (): { name: string; optimizer: tf.Optimizer }[] => [
      { name: 'G', optimizer: optim!.g }, { name: 'D', optimizer: optim!.d }, ...(optim!.c ? [{ name: 'C', optimizer: optim!.c }] : []),
    ];
    let startStep = 0;
    let elapsedBefore = 0;
    let history: TrainingRecord['history'] = [];
    let sizes: TrainingRecord['sizes'];
    if (prior) {
      restoreWeights(opts.out, prior, nets.stores());
      await restoreOptimizers(opts.out, prior, groups());
      startStep = prior.training.step;
      elapsedBefore = prior.training.elapsedSec;
      history = prior.training.history;
      sizes = prior.training.sizes;
      if (size !== prior.arch.size) sizes = [...(sizes ?? [{ fromStep: 0, size: prior.arch.size }]), { fromStep: startStep, size }];
    }
    const total = config.steps;
    const sampleImgs = imgA.slice(0, config.samples);
    const logEvery = Math.max(1, Math.floor(total / 100));
    const createdAt = prior?.createdAt ?? new Date().toISOString();
    const t0 = performance.now();
    let window: StepLosses[] = [];
    let last: StepLosses = {};
    let stepMsEma = 0;
    let step = startStep;

    const checkpoint = async (): Promise<ModelMetadata> => {
      opts.onProgress?.({ phase: 'checkpoint', step, total });
      const elapsedSec = elapsedBefore + (performance.now() - t0) / 1000;
      const doneHere = step - startStep;
      const training: TrainingRecord = {
        step, totalSteps: total, batch, seed, lossWeights: { ...config.loss }, adversarial: config.adversarial, learningRate: config.learningRate,
        dataHash: loaded.dataHash, images: { normal: nor.length, abnormal: abn.length }, normalLabel,
        backend: tf.getBackend(), elapsedSec,
        imagesPerSec: doneHere > 0 ? (doneHere * 2 * batch) / ((performance.now() - t0) / 1000) : 0,
        losses: window.length > 0 ? meanLosses(window) : last, history, ...(sizes ? { sizes } : {}),
        ...(opts.lungPrior ? { lungPrior: opts.lungPrior.describe } : {}),
      };
      const meta = await saveCheckpoint(opts.out, nets!.stores(), {
        format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, engineVersion: ENGINE_VERSION,
        createdAt, updatedAt: new Date().toISOString(), arch, normalisation: NORMALISATION, map: MAP_MEANING, training,
      }, groups());
      if (sampleImgs.length > 0) {
        const sheet = await sampleSheet(nets!.gA2N, sampleImgs, size);
        mkdirSync(join(opts.out, 'samples'), { recursive: true });
        writeFileSync(join(opts.out, 'samples', `step-${String(step).padStart(6, '0')}.png`), encodeGrayPng(sheet.data, sheet.width, sheet.height));
      }
      return meta;
    };

    while (step < total) {
      if (opts.signal?.aborted) {
        await checkpoint();
        throw new EngineError('CANCELLED', `cancelled at step ${step} of ${total}; checkpoint saved in ${opts.out} (resume with --resume)`);
      }
      const ts = performance.now();
      const idxA = batchIndices(imgA.length, batch, step, seed, 0);
      const idxN = batchIndices(imgN.length, batch, step, seed, 1);
      const xA = makeBatch(imgA, idxA, size);
      const xN = makeBatch(imgN, idxN, size);
      const regions = lungA && lungN ? { lungA: maskBatch(lungA, idxA, size), lungN: maskBatch(lungN, idxN, size) } : undefined;
      try {
        last = await trainStep(nets, optim, config.loss, xA, xN, { kind: config.adversarial, seed, step }, regions);
      } catch (e) {
        throw asOutOfMemory(e, step + 1);
      } finally {
        tf.dispose([xA, xN]);
        if (regions) tf.dispose([regions.lungA, regions.lungN]);
      }
      for (const [k, v] of Object.entries(last)) {
        if (!Number.isFinite(v)) throw new EngineError('INTERNAL', `training diverged at step ${step + 1}: loss ${k} is ${v}; try a lower learning rate`);
      }
      step++;
      window.push(last);
      if (step % logEvery === 0 || step === total) {
        history.push({ step, losses: meanLosses(window) });
        window = [];
      }
      const ms = performance.now() - ts;
      stepMsEma = stepMsEma === 0 ? ms : 0.9 * stepMsEma + 0.1 * ms;
      const runSec = (performance.now() - t0) / 1000;
      opts.onProgress?.({
        phase: 'training', step, total, losses: last, imagesPerSec: ((step - startStep) * 2 * batch) / runSec,
        etaSec: ((total - step) * stepMsEma) / 1000, elapsedSec: elapsedBefore + runSec,
      });
      if (step % config.checkpointEvery === 0 && step < total) await checkpoint();
      // Let the event loop run between steps: a wasm/cpu step resolves in microtasks only, and a cancel
      // (or any other message) arriving over IPC would otherwise wait for the whole run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const metadata = await checkpoint();
    opts.onProgress?.({ phase: 'done', step, total, losses: metadata.training.losses, imagesPerSec: metadata.training.imagesPerSec, elapsedSec: metadata.training.elapsedSec, etaSec: 0 });
    return { dir: opts.out, metadata, stepsThisRun: step - startStep };
  } finally {
    if (optim) disposeOptimizers(optim);
    nets?.dispose();
  }
}
