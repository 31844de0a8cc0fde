/**
 * Live re-thresholding of a stored disease map and per-region accept/reject, as pure functions.
 *
 * A rejected region is remembered by a seed: the pixel index of its peak map value. After a new threshold or
 * minimum area the regions are recomputed and every region holding a seed stays rejected, so a reader's
 * rejections survive moving the slider (raising it keeps the peak inside the shrinking region while it exists;
 * lowering it grows the region around the peak; two regions that merge are rejected together if either was).
 */
import { connectedRegions } from '../../../../engine/mask/connectedRegions';
import { thresholdRegions } from '../../../../engine/mask/thresholdRegions';
import type { MaskRegion } from '../../../../engine/mask/types';

export interface ReviewResult {
  width: number;
  height: number;
  threshold: number;
  minArea: number;
  /** Every region above the threshold and at least minArea pixels (before rejections). */
  regions: MaskRegion[];
  /** Label image of `regions` (0 = background), Int32Array width*height. */
  labels: Int32Array;
  /** Region ids currently rejected. */
  rejected: Set<number>;
  /** The mask the reader would save: accepted regions only, Uint8Array 0/1 width*height. */
  mask: Uint8Array;
  /** Milliseconds the recompute took (threshold + regions + area filter + rejections). */
  ms: number;
}

/**
 * Thresholds `map` (strictly above `threshold`, regions under `minArea` pixels dropped) and applies the
 * rejection seeds. Holes are not filled here (it doubles the time on a 2k map; the editor's Fill holes does
 * it on request): the result equals proposeMask's manual-threshold path without hole filling, computed on
 * runs (thresholdRegions) rather than pixels.
 * @param map Float32Array width*height, disease map in display units
 * @param seeds pixel indices of rejected regions' peaks
 */
export function recomputeReview(
  map: Float32Array,
  width: number,
  height: number,
  threshold: number,
  minArea: number,
  seeds: ReadonlySet<number>,
): ReviewResult {
  if (!Number.isFinite(threshold)) throw new RangeError(`recomputeReview: threshold must be a number, got ${threshold}`);
  if (!(minArea >= 0)) throw new RangeError(`recomputeReview: bad minArea ${minArea}`);
  const t0 = performance.now();
  const r = thresholdRegions(map, width, height, threshold, minArea);
  return { width, height, threshold, minArea, ...applySeeds(r.mask, r.labels, r.regions, seeds, width), ms: performance.now() - t0 };
}

/** Regions holding a rejection seed are rejected; the mask keeps the others (`all` itself when none is). */
function applySeeds(all: Uint8Array, labels: Int32Array, regions: MaskRegion[], seeds: ReadonlySet<number>, width: number): Pick<ReviewResult, 'regions' | 'labels' | 'rejected' | 'mask'> {
  const rejected = new Set<number>();
  for (const s of seeds) {
    const id = labels[s];
    if (id) rejected.add(id);
  }
  if (rejected.size === 0) return { regions, labels, rejected, mask: all };
  // Copy, then clear the rejected regions inside their boxes (cheaper than relabelling the whole image).
  const mask = Uint8Array.from(all);
  for (const g of regions) {
    if (!rejected.has(g.id)) continue;
    const { x, y, w, h } = g.bbox;
    for (let yy = y; yy < y + h; yy++) {
      for (let i = yy * width + x, end = i + w; i < end; i++) if (labels[i] === g.id) mask[i] = 0;
    }
  }
  return { regions, labels, rejected, mask };
}

/**
 * The stored AI-original mask as a review result (its regions scored on the map), with the rejection seeds
 * applied: what the reader sees before touching the threshold, so an untouched proposal is exactly what the
 * engine stored (including its morphology), not a re-threshold of it.
 */
export function reviewFromMask(
  original: Uint8Array,
  map: Float32Array,
  width: number,
  height: number,
  threshold: number,
  minArea: number,
  seeds: ReadonlySet<number>,
): ReviewResult {
  const t0 = performance.now();
  const { labels, regions } = connectedRegions(original, width, height, map);
  return { width, height, threshold, minArea, ...applySeeds(original, labels, regions, seeds, width), ms: performance.now() - t0 };
}

/** Pixel index of the region's largest map value (its seed), scanning its bounding box. */
export function regionPeak(region: MaskRegion, labels: Int32Array, map: Float32Array, width: number): number {
  const { x, y, w, h } = region.bbox;
  let best = -1;
  let bestV = -Infinity;
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) {
      const i = yy * width + xx;
      if (labels[i] === region.id && map[i]! > bestV) {
        bestV = map[i]!;
        best = i;
      }
    }
  }
  if (best < 0) throw new RangeError(`regionPeak: region ${region.id} has no pixel in its box`);
  return best;
}

/** Seeds after rejecting region `id` of `res` (no change when already rejected). */
export function rejectRegion(seeds: ReadonlySet<number>, res: ReviewResult, id: number, map: Float32Array): Set<number> {
  const out = new Set(seeds);
  const region = res.regions.find((g) => g.id === id);
  if (!region || res.rejected.has(id)) return out;
  out.add(regionPeak(region, res.labels, map, res.width));
  return out;
}

/** Seeds after accepting region `id` again: every seed inside it is dropped. */
export function acceptRegion(seeds: ReadonlySet<number>, res: ReviewResult, id: number): Set<number> {
  return new Set([...seeds].filter((s) => res.labels[s] !== id));
}

/** Seeds that reject every region of `res`. */
export function rejectAll(res: ReviewResult, map: Float32Array): Set<number> {
  return new Set(res.regions.map((g) => regionPeak(g, res.labels, map, res.width)));
}

/** The region under pixel (x, y) (image coordinates, as cornerstone gives them), or 0. */
export function regionAt(res: ReviewResult, x: number, y: number): number {
  const px = Math.floor(x);
  const py = Math.floor(y);
  if (px < 0 || py < 0 || px >= res.width || py >= res.height) return 0;
  return res.labels[py * res.width + px]!;
}

/** Slider range for a map: 0 .. its largest value (at least a small positive span), with ~200 steps. */
export function thresholdRange(map: Float32Array): { min: number; max: number; step: number } {
  let max = 0;
  for (let i = 0; i < map.length; i++) if (map[i]! > max) max = map[i]!;
  const top = Math.max(max, 0.01);
  return { min: 0, max: top, step: top / 200 };
}
