import type { OverlapCounts } from './types';

/**
 * Counts predicted, truth and shared pixels of two 0/1 masks (non-zero = set).
 * @param pred Uint8Array, same length as truth
 */
export function overlapCounts(pred: Uint8Array, truth: Uint8Array): OverlapCounts {
  if (pred.length !== truth.length) throw new RangeError(`overlapCounts: prediction has ${pred.length} pixels, truth ${truth.length}`);
  let p = 0;
  let t = 0;
  let inter = 0;
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] ? 1 : 0;
    const b = truth[i] ? 1 : 0;
    p += a;
    t += b;
    inter += a & b;
  }
  return { pred: p, truth: t, inter, total: pred.length };
}
