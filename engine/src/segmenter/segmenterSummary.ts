import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SegmenterSummary } from '../../protocol/model';
import { readSegMetadata, type SegModelMetadata } from './segMetadata';

/** A segmenter's id as recorded with its proposals and in DICOM SEG: segmenter@STEP-weightshash. */
export function segmenterId(dir: string, m: Pick<SegModelMetadata, 'weights' | 'training'>): string {
  const weights = readFileSync(join(dir, m.weights.file));
  return `segmenter@${m.training.step}-${createHash('sha256').update(weights).digest('hex').slice(0, 10)}`;
}

/** What the UI shows of a segmenter folder. */
export function segmenterSummary(dir: string): SegmenterSummary {
  const m = readSegMetadata(dir);
  const a = m.training.provenance.annotations;
  return {
    id: segmenterId(dir, m), dir, steps: m.training.step, trainedAt: m.updatedAt,
    masks: a.filter((x) => x.kind === 'accepted' || x.kind === 'edited' || x.kind === 'truth').length,
    normals: a.filter((x) => x.kind === 'normal').length,
    soft: a.filter((x) => x.kind === 'soft').length,
    initFrom: m.training.provenance.initFrom ?? null,
    seconds: Math.round(m.training.elapsedSec), imagesPerSec: m.training.imagesPerSec,
  };
}
