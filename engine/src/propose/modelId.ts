import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TagGanModel } from '../model/loadModel';

/** A model's id as recorded with proposals and in DICOM SEG (SegmentAlgorithmVersion): folder@step-weightshash. */
export function modelId(model: Pick<TagGanModel, 'dir' | 'metadata'>): string {
  const weights = readFileSync(join(model.dir, model.metadata.weights.file));
  const hash = createHash('sha256').update(weights).digest('hex').slice(0, 10);
  return `${basename(model.dir)}@${model.metadata.training.step}-${hash}`;
}
