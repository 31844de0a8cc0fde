import { assertPlane } from './checks';
import type { Box } from './types';

/** Intensity limit for the brush: only pixels whose image value lies in [lo, hi] are painted. */
export interface BrushLimit {
  /** The image the reader sees, width*height (e.g. GrayImage.data, values in [0, 1]). */
  image: Float32Array;
  lo: number;
  hi: number;
}

/** What a brush stroke changed: the count and the dirty rectangle (null when nothing changed). */
export interface PaintResult {
  changed: number;
  dirty: Box | null;
}

/**
 * Paints a disc into a mask IN PLACE (the editor's brush). Coordinates are continuous image coordinates
 * (pixel (x, y) covers [x, x+1) x [y, y+1), as cornerstone reports them): a pixel is inside when its centre
 * (x + 0.5, y + 0.5) is within `r` of (cx, cy); the pixel under (cx, cy) is always inside, so r = 0 paints
 * one pixel. With `limit`, only pixels whose image value is in [lo, hi] change (intensity-limited brush).
 * @param mask Uint8Array 0/1, width*height, modified
 * @param value 1 to paint, 0 to erase
 */
export function paintDisc(
  mask: Uint8Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  r: number,
  value: 0 | 1,
  limit?: BrushLimit,
): PaintResult {
  assertPlane(mask, width, height, 'paintDisc mask');
  if (!Number.isFinite(cx) || !Number.isFinite(cy) || !(r >= 0) || !Number.isFinite(r)) {
    throw new RangeError(`paintDisc: bad disc (${cx}, ${cy}) r=${r}`);
  }
  if (value !== 0 && value !== 1) throw new RangeError(`paintDisc: value must be 0 or 1, got ${value}`);
  if (limit) {
    assertPlane(limit.image, width, height, 'paintDisc limit image');
    if (!(limit.lo <= limit.hi)) throw new RangeError(`paintDisc: bad limit [${limit.lo}, ${limit.hi}]`);
  }
  const x0 = Math.max(0, Math.floor(cx - r - 0.5));
  const x1 = Math.min(width - 1, Math.ceil(cx + r - 0.5));
  const y0 = Math.max(0, Math.floor(cy - r - 0.5));
  const y1 = Math.min(height - 1, Math.ceil(cy + r - 0.5));
  const px = Math.floor(cx);
  const py = Math.floor(cy);
  const r2 = r * r;
  let changed = 0;
  let dx0 = width;
  let dy0 = height;
  let dx1 = -1;
  let dy1 = -1;
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      if (dx * dx + dy * dy > r2 && !(x === px && y === py)) continue;
      const i = y * width + x;
      if (mask[i] === value) continue;
      if (limit) {
        const v = limit.image[i];
        if (!(v >= limit.lo && v <= limit.hi)) continue;
      }
      mask[i] = value;
      changed++;
      if (x < dx0) dx0 = x;
      if (x > dx1) dx1 = x;
      if (y < dy0) dy0 = y;
      if (y > dy1) dy1 = y;
    }
  }
  return { changed, dirty: changed ? { x: dx0, y: dy0, w: dx1 - dx0 + 1, h: dy1 - dy0 + 1 } : null };
}
