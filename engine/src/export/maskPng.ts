/**
 * PNG masks: 8-bit grayscale at the image's own resolution, 0 = background, 255 = mask. The one reader of
 * mask PNGs: mask import, `taggan eval` (predictions and truth masks) and the tests read them here.
 */
import { PNG } from 'pngjs';
import { EngineError } from '../errors';
import { readInputFile } from '../util/readInputFile';
import { assertBinaryMask, type BinaryMask } from '../../mask/binaryMask';

/** Mask -> PNG bytes (grayscale 8-bit, 0/255). */
export function writeMaskPng(mask: BinaryMask): Buffer {
  assertBinaryMask(mask);
  const gray = Buffer.alloc(mask.width * mask.height);
  for (let i = 0; i < gray.length; i++) gray[i] = mask.data[i] !== 0 ? 255 : 0;
  const png = new PNG({ width: mask.width, height: mask.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}

/**
 * PNG bytes -> mask (0/1). Any non-zero gray/colour value with non-zero alpha is foreground, so both
 * 0/255 and 0/1 masks read (an earlier copy in metrics/ took only values >= 128 of the first channel and read
 * a 0/1 mask as empty). Throws BAD_IMAGE naming `file` when the PNG does not decode.
 */
export function readMaskPng(buf: Uint8Array, file: string): BinaryMask {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    throw new EngineError('BAD_IMAGE', `mask PNG does not decode: ${(e as Error).message}`, file);
  }
  const n = png.width * png.height;
  const data = new Uint8Array(n);
  const d = png.data; // RGBA, 8 bits per channel after pngjs decoding
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    data[i] = d[o + 3] !== 0 && (d[o] !== 0 || d[o + 1] !== 0 || d[o + 2] !== 0) ? 1 : 0;
  }
  return { width: png.width, height: png.height, data };
}

/** A mask PNG file -> mask (0/1); the file is read as any input is (typed errors naming it: NOT_FOUND, IO, ...). */
export function readMaskPngFile(file: string): BinaryMask {
  return readMaskPng(readInputFile(file), file);
}
