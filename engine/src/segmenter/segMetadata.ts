/**
 * metadata.json of a lesion segmenter trained on clinicians' masks (a workspace's models/seg-*): the U-Net's
 * shape, the input convention (the lung model's), and provenance: which annotations (image, mask version,
 * status, author) and which images it learnt from. Own format name, so no other loader takes it.
 */
import type { io } from '@tensorflow/tfjs-core';
import { EngineError } from '../errors';
import { parseModelMetadata, readModelMetadata, type ModelKind } from '../model/modelMetadataFile';
import type { UnetHistory } from '../unet/trainUnet';

export const SEG_MODEL_FORMAT = 'taggan-seg';
export const SEG_MODEL_FORMAT_VERSION = 1;

export interface SegArch {
  kind: 'seg-unet';
  size: number;
  base: number;
  levels: number;
}

/** One training target and where it came from. */
export interface SegAnnotationRef {
  /** Workspace image id (or the file's stem outside a workspace). */
  image: string;
  sha256?: string;
  /** 'accepted' | 'edited' (clinician masks), 'normal' (image labelled normal: empty target), 'soft' (a weak-label proposal). */
  kind: 'accepted' | 'edited' | 'normal' | 'soft' | 'truth';
  /** Clinician mask version (workspace masks), or the proposal id for soft targets. */
  version?: number;
  proposalId?: number;
  author?: string;
  /** Loss weight of this pair (1; soft targets less). */
  weight: number;
}

export interface SegProvenance {
  /** Where the pairs came from: a workspace folder, or a data folder (simulation). */
  source: string;
  kind: 'workspace' | 'data-folder';
  /** sha256 over (image, sha256, kind, version, weight) in pair order. */
  hash: string;
  annotations: SegAnnotationRef[];
  /** Weak-label model the soft targets came from, when used. */
  softTargets?: { model: string; weight: number; count: number };
  /** Weights the training started from (transfer), e.g. models/lungs. */
  initFrom?: string;
}

export interface SegTrainingRecord {
  step: number;
  totalSteps: number;
  batch: number;
  seed: number;
  learningRate: number;
  loss: string;
  augmentation: string;
  provenance: SegProvenance;
  backend: string;
  elapsedSec: number;
  imagesPerSec: number;
  losses: Record<string, number>;
  history: UnetHistory;
}

export interface SegModelMetadata {
  format: typeof SEG_MODEL_FORMAT;
  formatVersion: number;
  engineVersion: string;
  createdAt: string;
  updatedAt: string;
  arch: SegArch;
  normalisation: string;
  output: string;
  weights: { file: string; specs: io.WeightsManifestEntry[] };
  optimizer?: { file: string; specs: io.WeightsManifestEntry[]; groups: { name: string; count: number }[] };
  training: SegTrainingRecord;
}

export const SEG_OUTPUT = 'logits [1, size, size, 1]; sigmoid = P(lesion) on the image stretched to size x size; '
  + 'mask = P upsampled bilinearly to the image size, > 0.5, regions under the minimum area dropped';

/** Checks a segmenter architecture; throws RangeError naming the field. */
export function assertSegArch(a: SegArch): void {
  if (!a || a.kind !== 'seg-unet') throw new RangeError(`arch.kind must be "seg-unet", got ${JSON.stringify(a?.kind)}`);
  if (!Number.isInteger(a.levels) || a.levels < 2 || a.levels > 6) throw new RangeError(`arch.levels must be 2..6, got ${a.levels}`);
  if (!Number.isInteger(a.base) || a.base < 1 || a.base > 256) throw new RangeError(`arch.base must be 1..256, got ${a.base}`);
  const m = 2 ** (a.levels - 1);
  if (!Number.isInteger(a.size) || a.size < m * 4 || a.size > 1024 || a.size % m !== 0) {
    throw new RangeError(`arch.size must be a multiple of ${m} in ${m * 4}..1024, got ${a.size}`);
  }
}

const SEG_MODEL_KIND: ModelKind<SegArch> = {
  format: SEG_MODEL_FORMAT, formatVersion: SEG_MODEL_FORMAT_VERSION, name: 'a lesion segmenter', short: 'segmenter', assertArch: assertSegArch,
};

/** Parses metadata.json text of a segmenter; throws MODEL naming the file. */
export function parseSegMetadata(text: string, file: string): SegModelMetadata {
  const m = parseModelMetadata<SegModelMetadata, SegArch>(text, file, SEG_MODEL_KIND);
  if (!m.training.provenance) throw new EngineError('MODEL', 'no provenance in the training record', file);
  return m;
}

/** Reads and checks DIR/metadata.json of a segmenter. */
export function readSegMetadata(dir: string): SegModelMetadata {
  const m = readModelMetadata<SegModelMetadata, SegArch>(dir, SEG_MODEL_KIND);
  if (!m.training.provenance) throw new EngineError('MODEL', 'no provenance in the training record', dir);
  return m;
}
