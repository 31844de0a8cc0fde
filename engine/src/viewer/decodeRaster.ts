/**
 * Decodes PNG and JPEG files for the viewer at their own bit depth (8- and 16-bit grayscale PNG keep
 * their values; colour becomes 8-bit RGB). Alpha is ignored. Throws BAD_IMAGE naming the file.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { EngineError } from '../errors';

export type DecodedRaster =
  | { kind: 'gray'; width: number; height: number; bits: number; values: Int32Array }
  | { kind: 'rgb'; width: number; height: number; rgb: Uint8Array };

/** PNG colour types (PNG spec 11.2.2). */
const PNG_GRAY = 0;
const PNG_GRAY_ALPHA = 4;

export function decodePng(bytes: Uint8Array, file: string): DecodedRaster {
  let png: { width: number; height: number; depth: number; colorType: number; data: Uint8Array | Uint16Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true }) as unknown as typeof png;
  } catch (e) {
    throw new EngineError('BAD_IMAGE', `PNG does not decode (${(e as Error).message})`, file);
  }
  const { width, height, data } = png;
  const n = width * height;
  if (!(n > 0) || data.length < n * 4) throw new EngineError('BAD_IMAGE', `PNG decodes to ${data.length} values for ${width}x${height} pixels`, file);
  if (png.colorType === PNG_GRAY || png.colorType === PNG_GRAY_ALPHA) {
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = data[i * 4]!;
    return { kind: 'gray', width, height, bits: png.depth, values };
  }
  // RGB(A) and palette: pngjs gives RGBA; 16-bit samples keep their top byte.
  const shift = data instanceof Uint16Array ? 8 : 0;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = data[i * 4]! >> shift;
    rgb[i * 3 + 1] = data[i * 4 + 1]! >> shift;
    rgb[i * 3 + 2] = data[i * 4 + 2]! >> shift;
  }
  return { kind: 'rgb', width, height, rgb };
}

export function decodeJpeg(bytes: Uint8Array, file: string): DecodedRaster {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 2048, maxResolutionInMP: 400 });
  } catch (e) {
    throw new EngineError('BAD_IMAGE', `JPEG does not decode (${(e as Error).message})`, file);
  }
  const { width, height, data } = img;
  const n = width * height;
  if (!(n > 0) || data.length < n * 3) throw new EngineError('BAD_IMAGE', `JPEG decodes to ${data.length} bytes for ${width}x${height} pixels`, file);
  // jpeg-js always gives RGB; a grayscale JPEG has R = G = B everywhere and is shown as grayscale.
  let gray = true;
  for (let i = 0; i < n * 3 && gray; i += 3) gray = data[i] === data[i + 1] && data[i] === data[i + 2];
  if (gray) {
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = data[i * 3]!;
    return { kind: 'gray', width, height, bits: 8, values };
  }
  return { kind: 'rgb', width, height, rgb: data.subarray(0, n * 3) };
}
