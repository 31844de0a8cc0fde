import { morphRect } from './morphRect';

/**
 * Binary dilation by a kw x kh rectangle: a pixel becomes 1 when any pixel of its (reflected) window is 1.
 * Window [x - (kw - 1 - floor(kw/2)), x + floor(kw/2)], so `dilate(erode(m))` (an opening) never grows m.
 * @param mask Uint8Array 0/1, width*height (not modified)
 * @returns a new Uint8Array 0/1
 */
export function dilate(mask: Uint8Array, width: number, height: number, kw: number, kh = kw): Uint8Array {
  return morphRect(mask, width, height, kw, kh, 'dilate');
}
