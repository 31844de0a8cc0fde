/**
 * Identifies a source image file by its bytes (not its name): DICOM (Part 10 or a bare data set), PNG or
 * JPEG; hashes it (SHA-256), reads its size and DICOM identifiers, and decodes it once, so an image that
 * would fail to decode is refused when added (one typed error naming the file and the reason) rather than
 * reaching the worklist. What decodes is admitted. Reads through readInputFile (no FIFOs, devices or files
 * over the cap), the engine's own DICOM parser and its PNG/JPEG decoder (image/decodeRaster.ts), under one set of
 * caps (util/limits.ts).
 */
import { createHash } from 'node:crypto';
import { decodeDicomDataset } from '../dicom/decodeDicom';
import { readDicom } from '../dicom/readDicom';
import { headerOf } from '../dicom/readDicomHeader';
import { readDicomInfo } from '../dicom/readDicomInfo';
import { EngineError } from '../errors';
import { readJpeg, readPng } from '../image/decodeRaster';
import { SNIFF_BYTES, sniffFormat } from '../image/sniffFormat';
import { readInputFile } from '../util/readInputFile';
import type { ImageRecord } from './types';

/** What probing a file finds: an image record's identity and geometry, before it has an id, label or status. */
export type ProbedImage = Pick<ImageRecord, 'path' | 'sha256' | 'format' | 'width' | 'height' | 'modality' | 'sopClassUid' | 'sopInstanceUid' | 'seriesInstanceUid' | 'studyInstanceUid' | 'pixelSpacing'>;

const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/** SHA-256 (hex) of a file's bytes. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readInputFile(path)).digest('hex');
}

function spacing(raw: string | undefined): [number, number] | null {
  if (!raw) return null;
  const [r, c] = raw.split('\\').map(Number);
  return r !== undefined && c !== undefined && Number.isFinite(r) && Number.isFinite(c) && r > 0 && c > 0 ? [r, c] : null;
}

export async function probeImageFile(path: string): Promise<ProbedImage> {
  const buf = readInputFile(path);
  const format = sniffFormat(buf.subarray(0, SNIFF_BYTES));
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const base = { path, sha256, modality: null, sopClassUid: null, sopInstanceUid: null, seriesInstanceUid: null, studyInstanceUid: null, pixelSpacing: null };
  if (format === 'dicom') {
    const d = readDicom(buf, path);
    const h = headerOf(d);
    if (h.SOPClassUID === SEG_SOP_CLASS) {
      throw new EngineError('UNSUPPORTED_IMAGE', 'a DICOM Segmentation, not an image (use `taggan workspace import-mask`)', path);
    }
    const info = readDicomInfo(d);
    if (info.frames !== 1) throw new EngineError('UNSUPPORTED_IMAGE', `${info.frames} frames; only single-frame radiographs are supported`, path);
    const missing = (['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID'] as const).filter((k) => !h[k]);
    if (missing.length > 0) throw new EngineError('CORRUPT', `missing ${missing.join(', ')} (needed to reference the image in exports)`, path);
    await decodeDicomDataset(d, { frames: [0] });
    return {
      ...base,
      format,
      width: info.columns,
      height: info.rows,
      modality: h.Modality ?? null,
      sopClassUid: h.SOPClassUID ?? h.MediaStorageSOPClassUID ?? null,
      sopInstanceUid: h.SOPInstanceUID ?? null,
      seriesInstanceUid: h.SeriesInstanceUID ?? null,
      studyInstanceUid: h.StudyInstanceUID ?? null,
      pixelSpacing: spacing(h.PixelSpacing) ?? spacing(h.ImagerPixelSpacing),
    };
  }
  if (format === 'png' || format === 'jpeg') {
    const img = format === 'png' ? readPng(buf, path) : readJpeg(buf, path);
    return { ...base, format, width: img.width, height: img.height };
  }
  throw new EngineError('BAD_IMAGE', 'not a DICOM, PNG or JPEG file', path);
}
