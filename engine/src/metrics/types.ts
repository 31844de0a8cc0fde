/** A truth box in pixel coordinates: columns x1..x2-1, rows y1..y2-1 (x2, y2 exclusive, like COCO's x + w). */
export interface TruthBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Pixel counts of a prediction against a truth (both 0/1 masks of the same size). */
export interface OverlapCounts {
  /** Predicted pixels. */
  pred: number;
  /** Truth pixels. */
  truth: number;
  /** Pixels in both. */
  inter: number;
  /** All pixels. */
  total: number;
}

/** The metrics of one image. Overlap metrics are null for normal images (no truth to overlap). */
export interface ImageMetrics {
  stem: string;
  label: 'normal' | 'abnormal';
  width: number;
  height: number;
  predArea: number;
  truthArea: number;
  /** Share of predicted pixels inside the truth; null when nothing was predicted or the image is normal. */
  poi: number | null;
  iou: number | null;
  dice: number | null;
  /** Truth boxes and how many of them some predicted region overlaps. */
  boxes: number;
  boxHits: number;
  /** Share of the image's pixels that the prediction flags. */
  flaggedArea: number;
}

/** Means over a set (see `aggregateMetrics` for which images enter which mean). */
export interface SetMetrics {
  poi: number | null;
  iou: number | null;
  dice: number | null;
  boxHit: number | null;
  normalFlaggedArea: number | null;
  n: number;
  nAbnormal: number;
  nNormal: number;
  /** Abnormal images with a non-empty prediction (the ones PoI is averaged over). */
  poiImages: number;
  boxes: number;
  boxHits: number;
  /** Images with a non-empty predicted mask, abnormal and normal. */
  abnormalWithProposal: number;
  normalWithProposal: number;
}
