/**
 * Shared shapes of the mask tools. Masks are `Uint8Array` with values 0/1, maps are `Float32Array`, both
 * row-major with an explicit width and height (index = y * width + x).
 */

/** An axis-aligned pixel rectangle: columns x..x+w-1, rows y..y+h-1. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One 8-connected foreground region of a mask. */
export interface MaskRegion {
  /** The region's label in the label image (1..n, in raster order of each region's first pixel). */
  id: number;
  bbox: Box;
  /** Pixel count. */
  area: number;
  /** Mean map value over the region's pixels (0 when no map was given). */
  score: number;
  /** Largest map value in the region (0 when no map was given). */
  maxScore: number;
  /** Centre of mass in pixel coordinates. */
  cx: number;
  cy: number;
}

/** The result of `connectedRegions`. */
export interface RegionsResult {
  /** Per-pixel region id (0 = background), length width*height. */
  labels: Int32Array;
  regions: MaskRegion[];
}
