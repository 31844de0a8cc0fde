import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { EngineError } from '../errors';

export interface MaskFile {
  mask: Uint8Array;
  width: number;
  height: number;
}

/**
 * Reads a mask PNG (any PNG colour type; 0/255 as `taggan tag` and the phantom write it): a pixel is set
 * when its first channel is >= 128. Errors name the file: NOT_FOUND, IO, BAD_IMAGE.
 */
export function readMaskPng(file: string): MaskFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new EngineError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', code === 'ENOENT' ? 'mask file not found' : String(err), file);
  }
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (err) {
    throw new EngineError('BAD_IMAGE', `not a readable PNG mask (${(err as Error).message})`, file);
  }
  const n = png.width * png.height;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = png.data[i * 4] >= 128 ? 1 : 0;
  return { mask, width: png.width, height: png.height };
}
