/**
 * Identifies a source image file by its bytes (not its name): DICOM Part 10, PNG or JPEG; hashes it
 * (SHA-256) and reads its size and DICOM identifiers. PNG/JPEG are fully decoded so a damaged file is
 * reported when added rather than when first viewed. Throws EngineError naming the file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { EngineError } from '../errors';
import { readSourceHeader } from '../export/readSourceHeader';
import { SNIFF_BYTES, sniffFormat } from '../image/sniffFormat';
import type { ImageFormat } from './types';

export interface ProbedImage {
  path: string;
  sha256: string;
  format: ImageFormat;
  width: number;
  height: number;
  modality: string | null;
  sopClassUid: string | null;
  sopInstanceUid: string | null;
  seriesInstanceUid: string | null;
  studyInstanceUid: string | null;
  pixelSpacing: [number, number] | null;
}

/** SHA-256 (hex) of a file's bytes. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function probeImageFile(path: string): ProbedImage {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EngineError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `cannot read: ${(e as Error).message}`, path);
  }
  const format = sniffFormat(buf.subarray(0, SNIFF_BYTES));
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const base = { path, sha256, modality: null, sopClassUid: null, sopInstanceUid: null, seriesInstanceUid: null, studyInstanceUid: null, pixelSpacing: null };
  if (format === 'dicom') {
    const h = readSourceHeader(buf, path);
    if (h.sopClassUid === '1.2.840.10008.5.1.4.1.1.66.4') {
      throw new EngineError('UNSUPPORTED_IMAGE', 'a DICOM Segmentation, not an image (use `taggan workspace import-mask`)', path);
    }
    if (!h.hasPixelData) throw new EngineError('NO_PIXEL_DATA', 'DICOM file has no pixel data', path);
    if (h.numberOfFrames !== 1) throw new EngineError('UNSUPPORTED_IMAGE', `${h.numberOfFrames} frames; only single-frame radiographs are supported`, path);
    return {
      ...base,
      format,
      width: h.columns,
      height: h.rows,
      modality: h.modality ?? null,
      sopClassUid: h.sopClassUid,
      sopInstanceUid: h.sopInstanceUid,
      seriesInstanceUid: h.seriesInstanceUid,
      studyInstanceUid: h.studyInstanceUid,
      pixelSpacing: h.pixelSpacing ?? null,
    };
  }
  if (format === 'png') {
    try {
      const png = PNG.sync.read(buf);
      return { ...base, format, width: png.width, height: png.height };
    } catch (e) {
      throw new EngineError('BAD_IMAGE', `PNG does not decode: ${(e as Error).message}`, path);
    }
  }
  if (format === 'jpeg') {
    try {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
      return { ...base, format, width: img.width, height: img.height };
    } catch (e) {
      throw new EngineError('BAD_IMAGE', `JPEG does not decode: ${(e as Error).message}`, path);
    }
  }
  throw new EngineError('BAD_IMAGE', 'not a DICOM, PNG or JPEG file', path);
}
