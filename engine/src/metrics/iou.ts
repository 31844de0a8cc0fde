import type { OverlapCounts } from './types';

/** Intersection over union, inter / (pred + truth - inter), in [0, 1]; 1 when both are empty. */
export function iou(c: OverlapCounts): number {
  const union = c.pred + c.truth - c.inter;
  return union === 0 ? 1 : c.inter / union;
}
