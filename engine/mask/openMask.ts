import { dilate } from './dilate';
import { erode } from './erode';

/** Morphological opening (erode then dilate, kw x kh rectangle): removes specks and thin bridges; never grows the mask. */
export function openMask(mask: Uint8Array, width: number, height: number, kw: number, kh = kw): Uint8Array {
  return dilate(erode(mask, width, height, kw, kh), width, height, kw, kh);
}
