/**
 * Opens one frame of an image file for the viewer: reads it, sniffs the format from its bytes, decodes
 * (DICOM through engine/src/dicom, PNG/JPEG at their bit depth) and packs what a cornerstone image needs:
 * stored values in the smallest exact typed array (or 8-bit RGB for colour), min/max, rescale, the file's
 * windows, MONOCHROME1 as `invert`, spacing. Typed errors name the file.
 */
import { basename } from 'node:path';
import type { OpenedImage } from '../../protocol/image';
import { decodeDicom } from '../dicom/decodeDicom';
import { EngineError } from '../errors';
import { checkPath } from './checkPath';
import { decodeJpeg, decodePng, type DecodedRaster } from '../image/decodeRaster';
import { narrowPixels } from './narrowPixels';
import { paletteToRgb } from './paletteToRgb';
import { readImageFile } from './readImageFile';
import { samplesToBytes } from './samplesToBytes';
import { sniffFormat } from '../image/sniffFormat';

export interface OpenImageOptions {
  /** 0-based frame; default 0. */
  frame?: number;
}

export async function openImage(rawPath: string, opts: OpenImageOptions = {}): Promise<OpenedImage> {
  const path = checkPath(rawPath);
  const frame = opts.frame ?? 0;
  if (!Number.isInteger(frame) || frame < 0) throw new EngineError('BAD_REQUEST', `frame must be a non-negative integer, got ${frame}`, path);
  const t0 = performance.now();
  const { bytes, size } = readImageFile(path);
  const format = sniffFormat(bytes.subarray(0, 132));
  const base = { path, fileName: basename(path), fileSize: size };
  if (format === undefined) {
    throw new EngineError('BAD_IMAGE', 'not an image file this viewer reads (neither DICOM, PNG nor JPEG by its content)', path);
  }
  if (format === 'dicom') {
    const d = await decodeDicom(bytes, path, { frames: [frame] });
    const samples = d.frames[0]!;
    const { palette, voiLuts, ...info } = d.info;
    const common = {
      ...base, format, frame, frames: info.frames, rows: info.rows, columns: info.columns,
      ...(info.modality ? { modality: info.modality } : {}),
      ...(info.spacing ? { spacing: info.spacing } : {}),
      dicom: info,
    };
    if (info.photometric === 'PALETTE COLOR') {
      if (!palette) throw new EngineError('CORRUPT', 'PALETTE COLOR image without Palette Color LUTs', path);
      return { ...common, kind: 'rgb', colorSource: 'palette', pixels: paletteToRgb(samples, palette), decodeMs: performance.now() - t0 };
    }
    if (d.outputSamples === 3) {
      const colorSource = info.photometric.startsWith('YBR') ? 'ybr' : 'rgb';
      return { ...common, kind: 'rgb', colorSource, pixels: samplesToBytes(samples, Math.min(16, info.bitsStored)), decodeMs: performance.now() - t0 };
    }
    const { pixels, min, max } = narrowPixels(samples);
    return {
      ...common, kind: 'gray', pixels, minStored: min, maxStored: max, bitsStored: info.bitsStored,
      rescale: info.rescale, windows: info.windows,
      ...(voiLuts[0] ? { voiLut: voiLuts[0] } : {}),
      invert: info.photometric === 'MONOCHROME1',
      decodeMs: performance.now() - t0,
    };
  }
  if (frame !== 0) throw new EngineError('BAD_REQUEST', `frame ${frame} does not exist (a ${format.toUpperCase()} file has one frame)`, path);
  const r: DecodedRaster = format === 'png' ? decodePng(bytes, path) : decodeJpeg(bytes, path);
  const common = { ...base, format, frame: 0, frames: 1, rows: r.height, columns: r.width };
  if (r.kind === 'rgb') return { ...common, kind: 'rgb', colorSource: 'rgb', pixels: r.rgb, decodeMs: performance.now() - t0 };
  const { pixels, min, max } = narrowPixels(r.values);
  return {
    ...common, kind: 'gray', pixels, minStored: min, maxStored: max, bitsStored: r.bits,
    rescale: { slope: 1, intercept: 0 }, windows: [], invert: false, decodeMs: performance.now() - t0,
  };
}
