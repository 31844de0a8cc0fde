/**
 * COCO-style JSON for exported masks: one category ("abnormality"), one image entry per exported image
 * (with the image-level label as `attributes.label`), one annotation per non-empty mask holding the whole
 * mask as RLE. `segmentation.counts` is the COMPRESSED string form written by pycocotools
 * (maskUtils.encode); `size` is [height, width]. `iscrowd` is 0 (one object mask per image);
 * pycocotools' annToMask/decode read it either way.
 */
import { ENGINE_VERSION } from '../version';
import { maskArea, type BinaryMask } from '../../mask/binaryMask';
import { encodeCocoRle, type CocoRle } from './cocoRle';

export interface CocoEntry {
  imageId: number;
  fileName: string;
  width: number;
  height: number;
  label: string | null;
  status: string;
  algorithmType?: string;
  mask: BinaryMask;
}

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  attributes: { label: string | null; status: string };
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: CocoRle;
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0;
  attributes: { label: string | null; status: string; algorithm_type?: string };
}

export interface CocoDataset {
  info: { description: string; version: string; date_created: string; rle: string };
  licenses: unknown[];
  categories: { id: number; name: string; supercategory: string }[];
  images: CocoImage[];
  annotations: CocoAnnotation[];
}

export const ABNORMALITY_CATEGORY_ID = 1;

/** Tight [x, y, width, height] box of the foreground (pixel units), [0,0,0,0] when empty. */
export function maskBbox(mask: BinaryMask): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < mask.height; y++) {
    const row = y * mask.width;
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[row + x] !== 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

export function buildCocoDataset(entries: CocoEntry[], now = new Date()): CocoDataset {
  const ds: CocoDataset = {
    info: {
      description: 'TagGAN Desk mask export',
      version: ENGINE_VERSION,
      date_created: now.toISOString(),
      rle: 'segmentation.counts: compressed string RLE (pycocotools), column-major, size [height, width]',
    },
    licenses: [],
    categories: [{ id: ABNORMALITY_CATEGORY_ID, name: 'abnormality', supercategory: 'finding' }],
    images: [],
    annotations: [],
  };
  for (const e of entries) {
    ds.images.push({ id: e.imageId, file_name: e.fileName, width: e.width, height: e.height, attributes: { label: e.label, status: e.status } });
    const area = maskArea(e.mask);
    if (area === 0) continue;
    ds.annotations.push({
      id: ds.annotations.length + 1,
      image_id: e.imageId,
      category_id: ABNORMALITY_CATEGORY_ID,
      segmentation: encodeCocoRle(e.mask),
      area,
      bbox: maskBbox(e.mask),
      iscrowd: 0,
      attributes: { label: e.label, status: e.status, ...(e.algorithmType ? { algorithm_type: e.algorithmType } : {}) },
    });
  }
  return ds;
}
