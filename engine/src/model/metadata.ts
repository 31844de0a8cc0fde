/**
 * metadata.json of a model folder: everything needed to rebuild, use and judge a checkpoint.
 */
import type { io } from '@tensorflow/tfjs-core';
import { assertModelArch, type ModelArch } from './modelConfig';
import { parseModelMetadata, type ModelKind } from './modelMetadataFile';

export const MODEL_FORMAT = 'taggan-model';
export const MODEL_FORMAT_VERSION = 1;
export { METADATA_FILE } from './modelMetadataFile';
export const WEIGHTS_FILE = 'weights.bin';
export const OPTIMIZER_FILE = 'optimizer.bin';

/** How the training run that produced the checkpoint was set up and how far it got. */
export interface TrainingRecord {
  /** Steps done so far (the checkpoint's step). */
  step: number;
  totalSteps: number;
  batch: number;
  seed: number;
  lossWeights: Record<string, number>;
  /** Adversarial loss ('lsgan' or 'wgan-gp'); absent in checkpoints from before WGAN-GP existed = 'lsgan'. */
  adversarial?: 'lsgan' | 'wgan-gp';
  learningRate: number;
  /** sha256 over the sorted (file, label, size, mtime) list of the training images. */
  dataHash: string;
  images: { normal: number; abnormal: number };
  normalLabel: string;
  backend: string;
  /** Wall time spent training (summed over resumed runs), seconds. */
  elapsedSec: number;
  /** Training images processed per second in the last run (abnormal + normal). */
  imagesPerSec: number;
  /** Mean of each loss over the last reporting window. */
  losses: Record<string, number>;
  /** Loss means at intervals (for a curve). */
  history: { step: number; losses: Record<string, number> }[];
  /** Input sizes the model was trained at, from the step each began (absent: one size, arch.size, from 0). */
  sizes?: { fromStep: number; size: number }[];
  /** The lung prior of the losses in the last run (which lung model, which margin); absent = none. */
  lungPrior?: string;
}

export interface ModelMetadata {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  engineVersion: string;
  createdAt: string;
  updatedAt: string;
  arch: ModelArch;
  /** Input convention (see model/normalize.ts). */
  normalisation: string;
  /** Meaning of the disease map returned by predict(). */
  map: string;
  weights: { file: string; specs: io.WeightsManifestEntry[] };
  /** Adam state for resuming; absent in inference-only exports. */
  optimizer?: { file: string; specs: io.WeightsManifestEntry[]; groups: { name: string; count: number }[] };
  training: TrainingRecord;
  /** What the model was judged on and how it did (written when a model is published, e.g. models/default). */
  evaluation?: ModelEvaluation;
}

/** Figures measured on data the model did not train on, with what they mean. */
export interface ModelEvaluation {
  /** The training and evaluation data, in words (files, split, how). */
  data: string;
  /** When and where measured (machine, backend). */
  measured: string;
  /** Named figures (fractions in [0, 1] unless the name says otherwise). */
  figures: Record<string, number>;
  /** What the figures say, in words; what the model is good for and not. */
  notes: string[];
  /** One sentence shown wherever the model is used (UI, CLI), when users must know it. */
  caveat?: string;
}

/** TagGAN model folders, for the shared metadata reader (model/modelMetadataFile.ts). */
export const TAGGAN_MODEL_KIND: ModelKind<ModelArch> = { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, name: 'a TagGAN model', short: 'model', assertArch: assertModelArch };

/** Parses and checks metadata.json text; throws MODEL naming the file. */
export function parseMetadata(text: string, file: string): ModelMetadata {
  return parseModelMetadata<ModelMetadata, ModelArch>(text, file, TAGGAN_MODEL_KIND);
}
