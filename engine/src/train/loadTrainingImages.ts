import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EngineError } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import type { DatasetEntry } from './readDataset';

export interface TrainingImages {
  size: number;
  /** One size*size gray [0, 1] image per entry, same order. */
  images: Float32Array[];
  /** sha256 over (rel, label, sha256(file bytes)) in entry order. */
  dataHash: string;
}

/**
 * Loads every entry (DICOM/PNG/JPEG via loadGrayImage) and resizes it to size x size (area filter when
 * shrinking, stretching non-square images as the model does at inference). `onImage(i, n)` after each.
 */
export async function loadTrainingImages(entries: DatasetEntry[], size: number, onImage?: (done: number, total: number) => void, signal?: AbortSignal): Promise<TrainingImages> {
  const hash = createHash('sha256');
  const images: Float32Array[] = [];
  for (const [i, e] of entries.entries()) {
    if (signal?.aborted) throw new EngineError('CANCELLED', 'cancelled while loading images');
    let bytes: Buffer;
    try {
      bytes = readFileSync(e.path);
    } catch (err) {
      throw new EngineError('BAD_DATASET', `cannot read (${(err as Error).message})`, e.path);
    }
    hash.update(`${e.rel}\t${e.label}\t${createHash('sha256').update(bytes).digest('hex')}\n`);
    const g = await loadGrayImage(e.path);
    images.push(resizeGray(g, size, size, 'auto').data);
    onImage?.(i + 1, entries.length);
  }
  return { size, images, dataHash: hash.digest('hex') };
}
