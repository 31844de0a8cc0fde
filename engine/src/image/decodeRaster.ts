/**
 * The one PNG and JPEG decoder (pngjs, jpeg-js) with one pixel cap: readPng / readJpeg check the size
 * from the header (PNG IHDR, JPEG SOF) against MAX_FRAME_SAMPLES, the DICOM frame cap, before any codec
 * allocates (UNSUPPORTED_IMAGE), then decode (BAD_IMAGE when the bytes do not decode). The viewer
 * (decodePng / decodeJpeg below: native bit depth), the model's input (image/loadImage.ts: gray [0, 1]) and
 * workspace probing (workspace/probeImageFile.ts) are views over them. Errors name the file.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { jpegGeometry } from '../dicom/codecs/codestreamGeometry';
import { EngineError } from '../errors';
import { MAX_FRAME_SAMPLES } from '../util/limits';

/** A decoded PNG as pngjs gives it with skipRescale: RGBA, 8- or 16-bit samples as in the file. */
export interface RawPng {
  width: number;
  height: number;
  /** Bit depth per sample (1, 2, 4, 8 or 16). */
  depth: number;
  /** PNG colour type (0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA). */
  colorType: number;
  data: Uint8Array | Uint16Array;
}

/** A decoded JPEG: 8-bit RGB (jpeg-js gives R = G = B for a grayscale file). */
export interface RawJpeg {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Refuses a width x height over the pixel cap (UNSUPPORTED_IMAGE). */
function checkPixels(kind: string, width: number, height: number, file: string): void {
  if (width * height > MAX_FRAME_SAMPLES) {
    throw new EngineError('UNSUPPORTED_IMAGE', `image too large: ${kind} ${width}x${height} (the limit is ${MAX_FRAME_SAMPLES} pixels, about 5792x5792)`, file);
  }
}

/** PNG bytes -> RawPng; the size is checked from IHDR before pngjs inflates anything. */
export function readPng(bytes: Uint8Array, file: string): RawPng {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 24 && buf.toString('latin1', 12, 16) === 'IHDR') checkPixels('PNG', buf.readUInt32BE(16), buf.readUInt32BE(20), file);
  let png: RawPng;
  try {
    png = PNG.sync.read(buf, { skipRescale: true }) as unknown as RawPng;
  } catch (e) {
    throw new EngineError('BAD_IMAGE', `PNG does not decode (${(e as Error).message})`, file);
  }
  const n = png.width * png.height;
  if (!(n > 0) || png.data.length < n * 4) throw new EngineError('BAD_IMAGE', `PNG decodes to ${png.data.length} values for ${png.width}x${png.height} pixels`, file);
  return png;
}

/** JPEG bytes -> RawJpeg; the size is checked from the SOF before jpeg-js allocates anything. */
export function readJpeg(bytes: Uint8Array, file: string): RawJpeg {
  const g = jpegGeometry(bytes);
  if (g) checkPixels('JPEG', g.width, g.height, file);
  let img: RawJpeg;
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024, maxResolutionInMP: MAX_FRAME_SAMPLES / 1e6 });
  } catch (e) {
    throw new EngineError('BAD_IMAGE', `JPEG does not decode (${(e as Error).message})`, file);
  }
  const n = img.width * img.height;
  if (!(n > 0) || img.data.length < n * 3) throw new EngineError('BAD_IMAGE', `JPEG decodes to ${img.data.length} bytes for ${img.width}x${img.height} pixels`, file);
  return img;
}

/** What the viewer shows of a PNG or JPEG: gray values at their bit depth (colour: 8-bit RGB; alpha ignored). */
export type DecodedRaster =
  | { kind: 'gray'; width: number; height: number; bits: number; values: Int32Array }
  | { kind: 'rgb'; width: number; height: number; rgb: Uint8Array };

/** PNG colour types (PNG spec 11.2.2). */
const PNG_GRAY = 0;
const PNG_GRAY_ALPHA = 4;

export function decodePng(bytes: Uint8Array, file: string): DecodedRaster {
  const png = readPng(bytes, file);
  const { width, height, data } = png;
  const n = width * height;
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
  const { width, height, data } = readJpeg(bytes, file);
  const n = width * height;
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
