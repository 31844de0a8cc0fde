import { PNG } from 'pngjs';

/** Gray values [0, 1] (row-major, width*height) -> 8-bit grayscale PNG bytes (values clipped). */
export function encodeGrayPng(data: Float32Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`encodeGrayPng: bad size ${width}x${height}`);
  if (data.length !== width * height) throw new RangeError(`encodeGrayPng: ${data.length} values for ${width}x${height}`);
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const buf = Buffer.alloc(width * height);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    buf[i] = Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 0;
  }
  png.data = buf;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
