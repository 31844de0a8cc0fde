import { assertPlane } from './checks';
import { camRegion } from './camRegion';
import { defaultMinArea } from './defaultMinArea';
import { dilate } from './dilate';
import { erode } from './erode';
import { fillHoles as fillMaskHoles } from './fillHoles';
import { otsuThreshold } from './otsuThreshold';
import { tbvaThreshold } from './tbvaThreshold';
import { maskRegions, thresholdRegions } from './thresholdRegions';
import type { MaskRegion } from './types';

/** Default noise floor of the automatic thresholds, in map units (display intensity, image in [0, 1]). */
export const DEFAULT_MIN_THRESHOLD = 0.05;

export interface ProposeMaskOptions {
  /**
   * 'auto': TBVA-GAN (97% of the histogram-peak value inside the CAM region, then erosion 2x2 and dilation 5x5);
   * 'otsu': Otsu's threshold over the positive map values (inside the CAM region when given);
   * a number: that threshold as it is (the manual slider; no floor, no morphology).
   */
  threshold: 'auto' | 'otsu' | number; // = the protocol's ThresholdOption (checked in propose/proposeImage.ts)
  /** Regions smaller than this many pixels are dropped; default max(4, 0.05% of the image). */
  minArea?: number;
  /** Grad-CAM heat map at the map's size; when given, the threshold is computed and the mask kept inside its region. */
  cam?: Float32Array;
  /** CAM region = heat >= camCut * max heat (default 0.5). */
  camCut?: number;
  /**
   * Absolute floor for 'auto' and 'otsu' (default 0.05 = 5% of the display range): a map whose values stay
   * below it, as a normal image's map should, gives an empty mask instead of thresholded noise.
   */
  minThreshold?: number;
  /** Fill holes inside regions (default true). */
  fillHoles?: boolean;
}

export interface ProposeMaskResult {
  /** Uint8Array 0/1, width*height. */
  mask: Uint8Array;
  /** Label image of `regions` (0 = background), ids 1..n in raster order. */
  labels: Int32Array;
  regions: MaskRegion[];
  /** The threshold applied, in map units; null when nothing exceeded the floor (empty mask). */
  threshold: number | null;
  method: 'auto' | 'otsu' | 'manual';
}

/**
 * Turns a disease map into a proposed mask split into scored regions (each region's score is its mean map
 * value), ready for accept/reject per region.
 * @param map Float32Array disease map (image - healthy counterpart, display units), width*height
 */
export function proposeMask(map: Float32Array, width: number, height: number, opts: ProposeMaskOptions): ProposeMaskResult {
  assertPlane(map, width, height, 'proposeMask map');
  if (opts.cam) assertPlane(opts.cam, width, height, 'proposeMask cam');
  const floor = opts.minThreshold ?? DEFAULT_MIN_THRESHOLD;
  if (!Number.isFinite(floor) || floor < 0) throw new RangeError(`proposeMask: bad minThreshold ${floor}`);
  const minArea = opts.minArea ?? defaultMinArea(width, height);
  if (!(minArea >= 0)) throw new RangeError(`proposeMask: bad minArea ${minArea}`);
  const region = opts.cam ? camRegion(opts.cam, opts.camCut ?? 0.5) : undefined;
  const n = width * height;

  let method: ProposeMaskResult['method'];
  let t: number;
  if (opts.threshold === 'auto') {
    method = 'auto';
    t = tbvaThreshold(map, { region, floor }).threshold;
  } else if (opts.threshold === 'otsu') {
    method = 'otsu';
    t = otsuThreshold(map, region, { above: 0 });
    if (!Number.isNaN(t)) t = Math.max(floor, t);
  } else if (typeof opts.threshold === 'number' && Number.isFinite(opts.threshold)) {
    method = 'manual';
    t = opts.threshold;
  } else {
    throw new RangeError(`proposeMask: threshold must be 'auto', 'otsu' or a number, got ${String(opts.threshold)}`);
  }

  if (Number.isNaN(t)) return { mask: new Uint8Array(n), labels: new Int32Array(n), regions: [], threshold: null, method };
  const fill = opts.fillHoles ?? true;
  // A plain threshold (no CAM region, morphology or hole filling) goes straight to the regions step.
  if (!region && method !== 'auto' && !fill) return { ...thresholdRegions(map, width, height, t, minArea), threshold: t, method };
  let mask: Uint8Array = new Uint8Array(n);
  if (region) for (let i = 0; i < n; i++) mask[i] = map[i] > t && region[i] ? 1 : 0;
  else for (let i = 0; i < n; i++) mask[i] = map[i] > t ? 1 : 0;
  if (method === 'auto') mask = dilate(erode(mask, width, height, 2, 2), width, height, 5, 5);
  if (fill) mask = fillMaskHoles(mask, width, height);
  return { ...maskRegions(mask, width, height, minArea, map), threshold: t, method };
}
