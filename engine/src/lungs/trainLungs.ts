/**
 * Trains the lung-field U-Net on (image, mask) pairs: data folder -> model folder (metadata.json,
 * weights.bin, optimizer.bin). Seeded batch order and augmentation (a resumed run draws the same batches
 * and the same augmentations an uninterrupted one would), Adam with a cosine learning-rate decay to a tenth,
 * checkpoints every N steps with the Dice on a fixed validation subset, cancellation between steps (saves a
 * checkpoint first, then throws CANCELLED).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors';
import { METADATA_FILE } from '../model/metadata';
import { ENGINE_VERSION } from '../version';
import { assertUnetConfig, trainUnet, unetLearningRate, type UnetTrainProgress } from '../unet/trainUnet';
import { DEFAULT_AUGMENT, describeAugment } from '../unet/augmentPair';
import { loadLungPairs } from './loadLungPairs';
import { LUNG_LOSS } from '../unet/lungLoss';
import {
  LUNG_MODEL_FORMAT, LUNG_MODEL_FORMAT_VERSION, assertLungArch, readLungMetadata,
  type LungArch, type LungModelMetadata,
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

/** The U-Net loop's progress, plus the loading phase and notes; valDice is on the validation subset at model size. */
export interface LungTrainProgress extends Omit<UnetTrainProgress, 'phase'> {
  phase: 'loading' | UnetTrainProgress['phase'];
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

/** Cosine decay from lr to lr / 10 over `total` steps (the U-Net trainer's). */
export const lungLearningRate = unetLearningRate;

function assertConfig(c: LungTrainConfig): void {
  assertLungArch(c.arch);
  assertUnetConfig(c);
  if (!Number.isInteger(c.valSubset) || c.valSubset < 0) throw new RangeError(`valSubset must be an integer >= 0, got ${c.valSubset}`);
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

  const createdAt = prior?.createdAt ?? new Date().toISOString();
  const r = await trainUnet({
    out: opts.out, shape: arch, config, augment: DEFAULT_AUGMENT,
    train: { images: trainImgs, masks: trainMasks }, val: { images: valImgs, masks: valMasks },
    ...(prior ? { resume: { metadata: prior, state: prior.training } } : {}),
    signal: opts.signal, onProgress: opts.onProgress,
    describe: (st): Omit<LungModelMetadata, 'weights' | 'optimizer'> => ({
      format: LUNG_MODEL_FORMAT, formatVersion: LUNG_MODEL_FORMAT_VERSION, engineVersion: ENGINE_VERSION,
      createdAt, updatedAt: new Date().toISOString(), arch, normalisation: LUNG_NORMALISATION, output: LUNG_OUTPUT,
      training: {
        step: st.step, totalSteps: st.totalSteps, batch, seed, learningRate: config.learningRate, loss: LUNG_LOSS, augmentation: describeAugment(DEFAULT_AUGMENT),
        data: { name: ds.name, layout: ds.layout, train: ds.train.length, val: ds.val.length, hash: trainHash, ...(ds.licence ? { licence: ds.licence } : {}) },
        backend: st.backend, elapsedSec: st.elapsedSec, imagesPerSec: st.imagesPerSec, losses: st.losses, history: st.history,
      },
      ...(prior?.evaluation ? { evaluation: prior.evaluation } : {}),
    }),
  });
  return { dir: opts.out, metadata: r.metadata as LungModelMetadata, stepsThisRun: r.stepsThisRun };
}
