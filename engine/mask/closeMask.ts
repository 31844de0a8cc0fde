import { dilate } from './dilate';
import { erode } from './erode';

/**
 * Morphological closing (dilate then erode, kw x kh rectangle): bridges small gaps; never shrinks the mask
 * away from the image border (near the border the erosion may bite, because outside counts as background).
 */
export function closeMask(mask: Uint8Array, width: number, height: number, kw: number, kh = kw): Uint8Array {
  return erode(dilate(mask, width, height, kw, kh), width, height, kw, kh);
}
