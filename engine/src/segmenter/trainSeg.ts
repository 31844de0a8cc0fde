/**
 * Trains a lesion segmenter on pre-loaded planes with their provenance: the core behind `taggan train-seg`
 * (a workspace's accepted and edited masks) and the acceptance simulation. Starts from another U-Net's
 * weights when given (models/lungs by default in the callers: the same shape, already knowing the chest),
 * resumes bit-exactly from its own folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors';
import { METADATA_FILE } from '../model/metadata';
import { readLungMetadata } from '../lungs/lungMetadata';
import { LUNG_NORMALISATION } from '../lungs/trainLungs';
import { DEFAULT_AUGMENT, describeAugment } from '../unet/augmentPair';
import { LUNG_LOSS } from '../unet/lungLoss';
import { trainUnet, type UnetPlanes, type UnetTrainConfig, type UnetTrainProgress } from '../unet/trainUnet';
import { ENGINE_VERSION } from '../version';
import {
  SEG_MODEL_FORMAT, SEG_MODEL_FORMAT_VERSION, SEG_OUTPUT, assertSegArch, readSegMetadata,
  type SegArch, type SegModelMetadata, type SegProvenance,
} from './segMetadata';

export interface SegTrainConfig extends UnetTrainConfig {
  arch: SegArch;
}

/** Fine-tuning from the lung model: its shape, a lower peak rate than training from scratch. */
export const DEFAULT_SEG_CONFIG: SegTrainConfig = {
  arch: { kind: 'seg-unet', size: 128, base: 8, levels: 5 },
  steps: 400, batch: 8, seed: 1, learningRate: 1e-3, checkpointEvery: 100,
};

export interface TrainSegOptions {
  out: string;
  config: SegTrainConfig;
  train: UnetPlanes;
  val: UnetPlanes;
  provenance: SegProvenance;
  /** A lung model (or another segmenter) folder of the same shape to start from; ignored on resume. */
  initFrom?: string;
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: UnetTrainProgress) => void;
}

function readInit(dir: string): { dir: string; metadata: SegModelMetadata | ReturnType<typeof readLungMetadata>; arch: { base: number; levels: number } } {
  try {
    const m = readSegMetadata(dir);
    return { dir, metadata: m, arch: m.arch };
  } catch {
    const m = readLungMetadata(dir);
    return { dir, metadata: m, arch: m.arch };
  }
}

export async function trainSeg(opts: TrainSegOptions): Promise<{ dir: string; metadata: SegModelMetadata; stepsThisRun: number }> {
  let config = opts.config;
  let prior: SegModelMetadata | undefined;
  if (opts.resume) {
    if (!existsSync(join(opts.out, METADATA_FILE))) throw new EngineError('MODEL', `nothing to resume: no ${METADATA_FILE}`, opts.out);
    prior = readSegMetadata(opts.out);
    const t = prior.training;
    const steps = config.steps === 0 ? t.totalSteps : config.steps;
    if (steps < t.step) throw new EngineError('BAD_REQUEST', `the checkpoint is at step ${t.step}; --steps ${steps} is below it`, opts.out);
    config = { ...config, arch: prior.arch, batch: t.batch, seed: t.seed, learningRate: t.learningRate, steps };
    if (t.provenance.hash !== opts.provenance.hash) {
      throw new EngineError('BAD_REQUEST', 'the accepted masks changed since this model was started; train a new model instead of resuming', opts.out);
    }
  } else if (existsSync(join(opts.out, METADATA_FILE))) {
    throw new EngineError('MODEL', 'a model already exists here; use --resume to continue it or choose another folder', opts.out);
  }
  try {
    assertSegArch(config.arch);
  } catch (e) {
    throw new EngineError('BAD_REQUEST', (e as Error).message);
  }
  const init = !prior && opts.initFrom ? readInit(opts.initFrom) : undefined;
  if (init && (init.arch.base !== config.arch.base || init.arch.levels !== config.arch.levels)) {
    throw new EngineError('MODEL', `cannot start from this model: its U-Net is base ${init.arch.base}, ${init.arch.levels} levels; the segmenter's is base ${config.arch.base}, ${config.arch.levels} levels`, opts.initFrom);
  }
  const provenance: SegProvenance = { ...opts.provenance, ...(init ? { initFrom: init.dir } : prior?.training.provenance.initFrom ? { initFrom: prior.training.provenance.initFrom } : {}) };
  const createdAt = prior?.createdAt ?? new Date().toISOString();
  const { arch, batch, seed } = config;
  const r = await trainUnet({
    out: opts.out, shape: arch, config, augment: DEFAULT_AUGMENT, train: opts.train, val: opts.val,
    ...(prior ? { resume: { metadata: prior, state: prior.training } } : {}),
    ...(init ? { init: { dir: init.dir, metadata: init.metadata } } : {}),
    signal: opts.signal, onProgress: opts.onProgress,
    describe: (st): Omit<SegModelMetadata, 'weights' | 'optimizer'> => ({
      format: SEG_MODEL_FORMAT, formatVersion: SEG_MODEL_FORMAT_VERSION, engineVersion: ENGINE_VERSION,
      createdAt, updatedAt: new Date().toISOString(), arch, normalisation: LUNG_NORMALISATION, output: SEG_OUTPUT,
      training: {
        step: st.step, totalSteps: st.totalSteps, batch, seed, learningRate: config.learningRate,
        loss: `${LUNG_LOSS}; each image's pixels weighted by its pair's weight`, augmentation: describeAugment(DEFAULT_AUGMENT),
        provenance, backend: st.backend, elapsedSec: st.elapsedSec, imagesPerSec: st.imagesPerSec, losses: st.losses, history: st.history,
      },
    }),
  });
  return { dir: opts.out, metadata: r.metadata as SegModelMetadata, stepsThisRun: r.stepsThisRun };
}
