import type { OverlapCounts } from './types';

/**
 * Percentage of Intersection (TagGAN): the share of predicted pixels that lie inside the truth (mask or
 * boxes), inter / pred, in [0, 1]. Null when nothing is predicted (undefined, not 0 or 1).
 */
export function poi(c: OverlapCounts): number | null {
  return c.pred === 0 ? null : c.inter / c.pred;
}
