import type { OverlapCounts } from './types';

/** Dice coefficient, 2 inter / (pred + truth), in [0, 1]; 1 when both are empty. */
export function dice(c: OverlapCounts): number {
  const s = c.pred + c.truth;
  return s === 0 ? 1 : (2 * c.inter) / s;
}
