/**
 * Which images go into the batch of a given step: one seeded permutation per epoch over each class, so
 * every image is seen once per epoch and a resumed run draws exactly the batches an uninterrupted run
 * would have drawn.
 */

import { mulberry32 } from '../util/mulberry32';

function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const r = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * Indices (0..n-1) of the `batch` images of step `step` for a class of n images; `stream` separates
 * classes. Pure: same arguments, same indices.
 */
export function batchIndices(n: number, batch: number, step: number, seed: number, stream: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batchIndices: n must be >= 1, got ${n}`);
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batchIndices: batch must be >= 1, got ${batch}`);
  const out: number[] = [];
  let cachedEpoch = -1;
  let perm: Uint32Array = new Uint32Array(0);
  for (let k = 0; k < batch; k++) {
    const pos = step * batch + k;
    const epoch = Math.floor(pos / n);
    if (epoch !== cachedEpoch) {
      perm = permutation(n, (Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)) >>> 0);
      cachedEpoch = epoch;
    }
    out.push(perm[pos % n]!);
  }
  return out;
}
