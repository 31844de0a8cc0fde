import { morphRect } from './morphRect';

/**
 * Binary erosion by a kw x kh rectangle: a pixel stays 1 only when every pixel of its window is 1.
 * Window [x - floor(kw/2), x - floor(kw/2) + kw - 1] (same for y); outside the image counts as 0,
 * so regions touching the border shrink from it too.
 * @param mask Uint8Array 0/1, width*height (not modified)
 * @returns a new Uint8Array 0/1
 */
export function erode(mask: Uint8Array, width: number, height: number, kw: number, kh = kw): Uint8Array {
  return morphRect(mask, width, height, kw, kh, 'erode');
}
