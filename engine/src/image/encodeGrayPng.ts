import { PNG } from 'pngjs';

/**
 * Float values -> 8-bit grayscale PNG: `lo` maps to 0 and `hi` to 255, clamped. For looking at maps and
 * healthy counterparts and training samples (not for data exchange). NaN is written as 0.
 */
export function encodeGrayPng(values: Float32Array, width: number, height: number, lo = 0, hi = 1): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`encodeGrayPng: bad size ${width}x${height}`);
  if (values.length !== width * height) throw new RangeError(`encodeGrayPng: ${values.length} values for ${width}x${height}`);
  if (!(hi > lo)) throw new RangeError(`encodeGrayPng: bad range ${lo}..${hi}`);
  const gray = Buffer.alloc(width * height);
  const k = 255 / (hi - lo);
  for (let i = 0; i < gray.length; i++) {
    const v = (values[i]! - lo) * k;
    gray[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
