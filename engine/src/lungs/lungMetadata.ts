/**
 * metadata.json of a lung-field model folder (models/lungs): architecture, input convention, training
 * record and the figures it was judged by. Same folder conventions as a TagGAN model (weights.bin with the
 * manifest here, optimizer.bin while training), but its own format name so neither loader takes the other.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { METADATA_FILE } from '../model/metadata';
import { parseModelMetadata, readModelMetadata, type ModelKind } from '../model/modelMetadataFile';

export const LUNG_MODEL_FORMAT = 'taggan-lungs';
export const LUNG_MODEL_FORMAT_VERSION = 1;

export interface LungArch {
  kind: 'lung-unet';
  /** Square input size in pixels (a multiple of 2^(levels-1)). */
  size: number;
  /** Channels of the first level. */
  base: number;
  levels: number;
}

/** Where the training pairs came from. */
export interface LungDataRecord {
  /** The data folder's name (e.g. "covid-qu"). */
  name: string;
  layout: 'covid-qu' | 'images-masks';
  train: number;
  val: number;
  /** sha256 over (rel, sha256(image), sha256(mask)) of the training pairs. */
  hash: string;
  /** Where the data come from and on what terms (from the data folder's README, in words). */
  licence?: string;
}

export interface LungTrainingRecord {
  step: number;
  totalSteps: number;
  batch: number;
  seed: number;
  /** Peak Adam learning rate (cosine decay to a tenth of it over totalSteps). */
  learningRate: number;
  /** Loss = bce + dice (soft Dice 1 - 2|P.G| / (|P| + |G|) over the batch). */
  loss: string;
  augmentation: string;
  data: LungDataRecord;
  backend: string;
  elapsedSec: number;
  imagesPerSec: number;
  /** Mean losses over the last reporting window. */
  losses: Record<string, number>;
  /** Loss means at intervals, with the Dice on a fixed validation subset at model size at checkpoints. */
  history: { step: number; losses: Record<string, number>; valDice?: number }[];
}

export interface LungEvaluation {
  data: string;
  measured: string;
  figures: Record<string, number>;
  notes: string[];
}

export interface LungModelMetadata {
  format: typeof LUNG_MODEL_FORMAT;
  formatVersion: number;
  engineVersion: string;
  createdAt: string;
  updatedAt: string;
  arch: LungArch;
  /** Input convention (model/normalize.ts NORMALISATION: the TagGAN's own). */
  normalisation: string;
  /** What the output means and how a mask is made from it. */
  output: string;
  weights: { file: string; specs: io.WeightsManifestEntry[] };
  optimizer?: { file: string; specs: io.WeightsManifestEntry[]; groups: { name: string; count: number }[] };
  training: LungTrainingRecord;
  evaluation?: LungEvaluation;
}

/** Checks a lung architecture record; throws RangeError naming the field. */
export function assertLungArch(a: LungArch): void {
  if (!a || a.kind !== 'lung-unet') throw new RangeError(`arch.kind must be "lung-unet", got ${JSON.stringify(a?.kind)}`);
  if (!Number.isInteger(a.levels) || a.levels < 2 || a.levels > 6) throw new RangeError(`arch.levels must be 2..6, got ${a.levels}`);
  if (!Number.isInteger(a.base) || a.base < 1 || a.base > 256) throw new RangeError(`arch.base must be 1..256, got ${a.base}`);
  const m = 2 ** (a.levels - 1);
  if (!Number.isInteger(a.size) || a.size < m * 4 || a.size > 1024 || a.size % m !== 0) {
    throw new RangeError(`arch.size must be a multiple of ${m} in ${m * 4}..1024, got ${a.size}`);
  }
}

/** Lung model folders, for the shared metadata reader (model/modelMetadataFile.ts). */
export const LUNG_MODEL_KIND: ModelKind<LungArch> = { format: LUNG_MODEL_FORMAT, formatVersion: LUNG_MODEL_FORMAT_VERSION, name: 'a lung-field model', short: 'lung model', assertArch: assertLungArch };

/** Parses metadata.json text of a lung model; throws MODEL naming the file. */
export function parseLungMetadata(text: string, file: string): LungModelMetadata {
  return parseModelMetadata<LungModelMetadata, LungArch>(text, file, LUNG_MODEL_KIND);
}

/** Reads and checks DIR/metadata.json of a lung model. */
export function readLungMetadata(dir: string): LungModelMetadata {
  return readModelMetadata<LungModelMetadata, LungArch>(dir, LUNG_MODEL_KIND);
}

/** Adds (or replaces) the evaluation record in DIR/metadata.json (written to a temporary name, then renamed). */
export function writeLungEvaluation(dir: string, evaluation: LungEvaluation): LungModelMetadata {
  const meta = { ...readLungMetadata(dir), evaluation };
  const file = join(dir, METADATA_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(tmp, file);
  return meta;
}
