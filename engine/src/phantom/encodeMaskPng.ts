import { PNG } from 'pngjs';

/**
 * Encodes a 0/1 mask as an 8-bit grayscale PNG with values 0/255 (same size as the image).
 * Deterministic bytes for the same mask.
 * @param mask Uint8Array, width*height (non-zero = foreground)
 */
export function encodeMaskPng(mask: Uint8Array, width: number, height: number): Uint8Array {
  if (mask.length !== width * height) throw new RangeError(`encodeMaskPng: mask length ${mask.length} != ${width}x${height}`);
  const png = new PNG({ width, height });
  const gray = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = mask[i] ? 255 : 0;
  png.data = gray;
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8 }));
}
