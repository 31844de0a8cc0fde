import { paintDisc, type BrushLimit, type PaintResult } from './paintDisc';

/**
 * The editor's eraser: clears a disc of the mask IN PLACE (same geometry and optional intensity limit as
 * `paintDisc`; with a limit, only pixels whose image value is in [lo, hi] are cleared).
 */
export function eraseDisc(
  mask: Uint8Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  r: number,
  limit?: BrushLimit,
): PaintResult {
  return paintDisc(mask, width, height, cx, cy, r, 0, limit);
}
