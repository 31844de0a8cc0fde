/**
 * Loads an image file as the model and mask tools see it (GrayImage: [0, 1], bright = dense):
 * DICOM (any supported transfer syntax; rescale, first VOI window or VOI LUT or a robust 0.5/99.5 %
 * range, MONOCHROME1 inverted, colour -> luminance), PNG (8/16-bit, gray/RGB/palette, via pngjs)
 * and JPEG (via jpeg-js). The format is recognised by content, not by the file name.
 */
import type { DicomInfo } from '../../protocol/dicom';
import { displayWindowRule } from '../../protocol/displayWindow';
import { decodeDicom } from '../dicom/decodeDicom';
import { frameToGray } from '../dicom/frameToGray';
import { readFileBytes } from '../dicom/readDicomFile';
import type { ApplyVoiOptions, VoiChoice } from '../dicom/voi/applyVoi';
import { EngineError } from '../errors';
import { readJpeg, readPng } from './decodeRaster';
import type { GrayImage } from './grayImage';
import { sniffFormat, SNIFF_BYTES } from './sniffFormat';

export type GraySource =
  | { format: 'dicom'; info: DicomInfo; frame: number; voi?: VoiChoice }
  | { format: 'png'; bitDepth: number; colorType: number; gray: boolean }
  | { format: 'jpeg'; gray: boolean };

export type LoadedGrayImage = GrayImage & { source: GraySource };

export interface LoadGrayImageOptions extends ApplyVoiOptions {
  /** DICOM frame to load (0-based, default 0). */
  frame?: number;
}

/** PNG bytes -> gray [0, 1]; luminance for colour, alpha ignored. */
export function pngToGray(bytes: Uint8Array, file: string): LoadedGrayImage {
  const { width, height, depth, colorType, data } = readPng(bytes, file);
  // The display-window rule (protocol/displayWindow.ts): a PNG is shown over its bit depth's full range.
  const max = colorType === 3 ? 255 : displayRangeMax('png', depth);
  const gray = colorType === 0 || colorType === 4;
  const out = new Float32Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    out[i] = gray ? data[j]! / max : (0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!) / max;
  }
  return { width, height, data: out, source: { format: 'png', bitDepth: depth, colorType, gray } };
}

/** The top of a PNG/JPEG's display range by the display-window rule (0 .. 2^bits - 1). */
function displayRangeMax(format: 'png' | 'jpeg', bits: number): number {
  const rule = displayWindowRule({ format, windows: 0, voiLut: false, bits });
  if (rule.kind !== 'bit-depth') throw new Error(`displayWindowRule gave ${rule.kind} for a ${format}`);
  return rule.max;
}

/** 8-bit JPEG (jpeg-js): 0 .. 255. */
const JPEG_MAX = displayRangeMax('jpeg', 8);

/** JPEG bytes -> gray [0, 1] (luminance). */
export function jpegToGray(bytes: Uint8Array, file: string): LoadedGrayImage {
  const { width, height, data } = readJpeg(bytes, file);
  const out = new Float32Array(width * height);
  let gray = true;
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    const r = data[j]!;
    const g = data[j + 1]!;
    const b = data[j + 2]!;
    if (gray && (r !== g || g !== b)) gray = false;
    out[i] = (0.299 * r + 0.587 * g + 0.114 * b) / JPEG_MAX;
  }
  return { width, height, data: out, source: { format: 'jpeg', gray } };
}

/** DICOM bytes -> gray [0, 1] of one frame. */
export async function dicomToGray(bytes: Uint8Array, file: string, opts: LoadGrayImageOptions = {}): Promise<LoadedGrayImage> {
  const frame = opts.frame ?? 0;
  const d = await decodeDicom(bytes, file, { frames: [frame] });
  const g = frameToGray(d.frames[0]!, d.info, opts);
  const source: GraySource = { format: 'dicom', info: d.info, frame };
  if (g.voi) source.voi = g.voi;
  return { width: d.info.columns, height: d.info.rows, data: g.data, source };
}

/** Loads `path` (DICOM, PNG or JPEG) as a GrayImage. Typed errors: BAD_IMAGE, DICOM codes, NOT_FOUND, IO. */
export async function loadGrayImage(path: string, opts: LoadGrayImageOptions = {}): Promise<LoadedGrayImage> {
  const bytes = await readFileBytes(path);
  const format = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
  if (format === 'png') return pngToGray(bytes, path);
  if (format === 'jpeg') return jpegToGray(bytes, path);
  // Not recognised by content: a name that promises PNG/JPEG is refused; anything else is left to the
  // DICOM parser, which says what is wrong with it.
  if (format === undefined && /\.(png|jpe?g)$/i.test(path)) {
    throw new EngineError('BAD_IMAGE', `the file is named like a ${path.split('.').pop()!.toUpperCase()} but its content is not one`, path);
  }
  return dicomToGray(bytes, path, opts);
}
