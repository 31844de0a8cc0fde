/**
 * The mask writers, one per export format name of the protocol (EXPORT_FORMAT_NAMES): what `taggan export`
 * (exportWorkspace.ts) and `taggan tag` (propose/tagFiles.ts) write for each image's mask. The registry is a
 * Record over the protocol's names, so a name without a writer (or a writer without a name) does not compile;
 * a new format is a new entry here plus its checkbox in the UI.
 */
import type { ExportFormatName } from '../../../protocol/workspace';
import type { BinaryMask } from '../../../mask/binaryMask';
import { buildCocoDataset, type CocoEntry } from '../cocoDataset';
import { writeDicomSeg, type DicomSegInput } from '../dicomSeg';
import type { Naturalized } from '../../dicom/dcmjs';
import { writeMaskPng } from '../maskPng';
import { writeNiftiMask, type NiftiGeometry } from '../niftiMask';

/** One image's mask with what the formats need besides it. */
export interface MaskItem {
  mask: BinaryMask;
  /** The image's COCO entry (its mask and size come from `mask`). */
  coco: Omit<CocoEntry, 'mask' | 'width' | 'height'>;
  /** The SEG's algorithm and creator; `source` is the source's naturalized data set (DICOM sources only). */
  seg: Omit<DicomSegInput, 'mask' | 'source'> & { source?: Naturalized };
  /** NIfTI geometry. */
  geometry: NiftiGeometry;
}

export interface MaskWriter {
  name: ExportFormatName;
  /** File name ending: of each image's file (per-image writers) or of the one file (set writers). */
  ext: string;
  /** The export's sub-folder for per-image files. */
  folder?: string;
  /** Per image: the file's bytes, or why this image has none. */
  write?: (item: MaskItem) => Buffer | { skip: string };
  /** For the whole set: the one file (named `setFile`) from every image. */
  writeSet?: (items: MaskItem[]) => Buffer | string;
  setFile?: string;
}

export const MASK_WRITERS: Readonly<Record<ExportFormatName, MaskWriter>> = {
  png: { name: 'png', ext: '.png', folder: 'masks', write: (it) => writeMaskPng(it.mask) },
  seg: {
    name: 'seg', ext: '.seg.dcm', folder: 'seg',
    write: (it) => (it.seg.source ? writeDicomSeg({ ...it.seg, source: it.seg.source, mask: it.mask }) : { skip: 'not a DICOM input, no SEG written' }),
  },
  coco: {
    name: 'coco', ext: '.json', setFile: 'coco.json',
    writeSet: (items) => `${JSON.stringify(buildCocoDataset(items.map((it) => ({ ...it.coco, width: it.mask.width, height: it.mask.height, mask: it.mask }))), null, 1)}\n`,
  },
  nifti: { name: 'nifti', ext: '.nii.gz', folder: 'nifti', write: (it) => writeNiftiMask(it.mask, it.geometry) },
};

/** The writers of `names`, in the protocol's order. */
export function maskWriters(names: Iterable<string>): MaskWriter[] {
  const want = new Set(names);
  return Object.values(MASK_WRITERS).filter((w) => want.has(w.name));
}
