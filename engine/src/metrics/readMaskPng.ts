import { readMaskPngFile } from '../export/maskPng';

export interface MaskFile {
  mask: Uint8Array;
  width: number;
  height: number;
}

/**
 * Reads a mask PNG (predictions, truth masks) through the one mask PNG reader (export/maskPng.ts): any PNG
 * colour type, 0/255 or 0/1, foreground = any non-zero value. Errors name the file: NOT_FOUND, IO, BAD_IMAGE.
 */
export function readMaskPng(file: string): MaskFile {
  const m = readMaskPngFile(file);
  return { mask: m.data, width: m.width, height: m.height };
}
