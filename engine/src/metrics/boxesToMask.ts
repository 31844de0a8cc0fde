import type { TruthBox } from './types';

/**
 * Rasterises truth boxes into a 0/1 mask (their union): pixel (x, y) is set when x1 <= x < x2 and
 * y1 <= y < y2, with fractional corners rounded to the nearest pixel edge and boxes clipped to the image.
 */
export function boxesToMask(boxes: readonly TruthBox[], width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const b of boxes) {
    const x1 = Math.max(0, Math.round(b.x1));
    const y1 = Math.max(0, Math.round(b.y1));
    const x2 = Math.min(width, Math.round(b.x2));
    const y2 = Math.min(height, Math.round(b.y2));
    for (let y = y1; y < y2; y++) mask.fill(1, y * width + x1, y * width + Math.max(x1, x2));
  }
  return mask;
}
