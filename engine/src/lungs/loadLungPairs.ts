import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EngineError } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import type { LungPair } from './readLungDataset';

export interface LoadedLungPairs {
  size: number;
  /** size*size gray [0, 1] per pair (the GAN's loading path: loadGrayImage, resizeGray 'auto'). */
  images: Float32Array[];
  /** size*size lung fraction [0, 1] per pair (mask binarised at half its range, then area-resized). */
  masks: Float32Array[];
  /** sha256 over (rel, sha256(image), sha256(mask)) in pair order. */
  hash: string;
}

function fileHash(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (e) {
    throw new EngineError('BAD_DATASET', `cannot read (${(e as Error).message})`, path);
  }
}

/**
 * Loads every pair at size x size. A mask whose aspect ratio differs from its image's by more than 2%
 * is refused (it cannot be the same picture).
 */
export async function loadLungPairs(pairs: LungPair[], size: number, onPair?: (done: number, total: number) => void, signal?: AbortSignal): Promise<LoadedLungPairs> {
  const hash = createHash('sha256');
  const images: Float32Array[] = [];
  const masks: Float32Array[] = [];
  for (const [i, p] of pairs.entries()) {
    if (signal?.aborted) throw new EngineError('CANCELLED', 'cancelled while loading images');
    hash.update(`${p.rel}\t${fileHash(p.image)}\t${fileHash(p.mask)}\n`);
    const g = await loadGrayImage(p.image);
    const m = await loadGrayImage(p.mask);
    if (Math.abs(g.width / g.height - m.width / m.height) > 0.02 * (g.width / g.height)) {
      throw new EngineError('BAD_DATASET', `mask is ${m.width}x${m.height} but its image is ${g.width}x${g.height}`, p.mask);
    }
    const bin = new Float32Array(m.data.length);
    let on = 0;
    for (let k = 0; k < bin.length; k++) { bin[k] = m.data[k]! > 0.5 ? 1 : 0; on += bin[k]!; }
    if (on === 0) throw new EngineError('BAD_DATASET', 'the lung mask is empty', p.mask);
    images.push(resizeGray(g, size, size, 'auto').data);
    masks.push(resizeGray({ width: m.width, height: m.height, data: bin }, size, size, 'auto').data);
    onPair?.(i + 1, pairs.length);
  }
  return { size, images, masks, hash: hash.digest('hex') };
}
