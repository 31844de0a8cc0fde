/**
 * Imports a mask file (PNG mask or BINARY DICOM SEG) as a new annotation version of an image.
 * The image is named by `opts.image` (path or id); a SEG without it is matched by the SOP Instance UID it
 * references. The mask must have the image's size. Origin is MANUAL (imported masks have no proposal).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError } from '../errors';
import { readDicomSeg } from './dicomSeg';
import { readMaskPng } from './maskPng';
import type { BinaryMask } from '../../mask/binaryMask';
import { SNIFF_BYTES, sniffFormat } from '../image/sniffFormat';
import type { AnnotationRecord, ImageRecord } from '../workspace/types';
import type { Workspace } from '../workspace/workspace';

export interface ImportMaskOptions {
  /** Image path or id; required for PNG masks. */
  image?: string | number;
  status?: 'edited' | 'accepted' | 'rejected';
  author?: string;
}

export function importMaskFile(ws: Workspace, maskFile: string, opts: ImportMaskOptions = {}): AnnotationRecord {
  const file = resolve(maskFile);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new EngineError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `cannot read mask: ${(e as Error).message}`, file);
  }
  const kind = sniffFormat(buf.subarray(0, SNIFF_BYTES));
  let mask: BinaryMask;
  let image: ImageRecord | undefined = opts.image !== undefined ? ws.resolveImage(opts.image) : undefined;
  if (kind === 'png') {
    if (!image) throw new EngineError('BAD_REQUEST', 'a PNG mask needs --image to say which image it belongs to', file);
    mask = readMaskPng(buf, file);
  } else if (kind === 'dicom') {
    const seg = readDicomSeg(buf, file);
    mask = seg.mask;
    if (!image) {
      const matches = ws.listImages().filter((im) => im.sopInstanceUid && seg.referencedSopInstanceUids.includes(im.sopInstanceUid));
      if (matches.length === 0) {
        throw new EngineError('NOT_FOUND', 'the SEG references no image of this workspace (de-identified SEGs need --image)', file);
      }
      image = matches[0];
    }
  } else {
    throw new EngineError('BAD_IMAGE', 'mask file is neither a PNG nor a DICOM SEG', file);
  }
  if (mask.width !== image!.width || mask.height !== image!.height) {
    throw new EngineError('BAD_REQUEST', `mask is ${mask.width}x${mask.height} but image ${image!.id} is ${image!.width}x${image!.height}`, file);
  }
  return ws.saveAnnotation({ imageId: image!.id, mask, status: opts.status ?? 'edited', author: opts.author, note: `imported from ${file}` });
}
