/**
 * Threshold, 8-connected regions and minimum area in one run-length pass: the one threshold-to-regions step,
 * used by proposeMask (the engine's proposals) and by the review slider (the renderer's live recompute).
 * Gives what thresholding, connectedRegions and the area filter give pixel by pixel (same mask, labels, region
 * ids, boxes, scores), but touches each pixel once to threshold it and then works on runs (horizontal
 * stretches above the threshold) instead of pixels: on a 2k map with a few lesions the runs are a few
 * thousand, the pixels four million.
 */
import { assertPlane } from './checks';
import type { MaskRegion, RegionsResult } from './types';

/** Growable Int32 column. */
class Column {
  data = new Int32Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

export interface ThresholdRegionsResult extends RegionsResult {
  /** Uint8Array 0/1: pixels of the kept regions. */
  mask: Uint8Array;
}

/**
 * @param map Float32Array width*height
 * @param threshold pixels strictly above it are foreground (NaN never is)
 * @param minArea regions with fewer pixels are dropped; kept regions are numbered 1..n in raster order
 */
export function thresholdRegions(map: Float32Array, width: number, height: number, threshold: number, minArea: number): ThresholdRegionsResult {
  assertPlane(map, width, height, 'thresholdRegions map');
  if (Number.isNaN(threshold)) throw new RangeError('thresholdRegions: threshold is NaN');
  if (!(minArea >= 0)) throw new RangeError(`thresholdRegions: bad minArea ${minArea}`);
  return runRegions(width, height, map, null, threshold, minArea);
}

/**
 * The same regions step on a mask already made (a threshold followed by morphology or hole filling):
 * regions of its non-zero pixels, scored on `map` when given (score and maxScore 0 otherwise).
 * @param mask Uint8Array width*height, non-zero = foreground
 */
export function maskRegions(mask: Uint8Array, width: number, height: number, minArea: number, map?: Float32Array): ThresholdRegionsResult {
  assertPlane(mask, width, height, 'maskRegions mask');
  if (map) assertPlane(map, width, height, 'maskRegions map');
  if (!(minArea >= 0)) throw new RangeError(`maskRegions: bad minArea ${minArea}`);
  return runRegions(width, height, map ?? null, mask, 0, minArea);
}

/** Foreground = fg[i] !== 0 when `fg` is given, else map[i] > threshold; scores from `map` when given. */
function runRegions(width: number, height: number, map: Float32Array | null, fg: Uint8Array | null, threshold: number, minArea: number): ThresholdRegionsResult {
  const rowOf = new Column();
  const x0s = new Column();
  const x1s = new Column();
  let parent = new Int32Array(4096);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };

  // 1. Runs, row by row, each joined to the runs of the row above that touch it (8-connectivity).
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = 0; y < height; y++) {
    const rowStart = x0s.length;
    const base = y * width;
    let x = 0;
    while (x < width) {
      if (fg) while (x < width && fg[base + x] === 0) x++;
      else while (x < width && !(map![base + x]! > threshold)) x++;
      if (x >= width) break;
      const start = x;
      if (fg) while (x < width && fg[base + x] !== 0) x++;
      else while (x < width && map![base + x]! > threshold) x++;
      const r = x0s.length;
      rowOf.push(y);
      x0s.push(start);
      x1s.push(x - 1);
      if (r >= parent.length) {
        const grown = new Int32Array(parent.length * 2);
        grown.set(parent);
        parent = grown;
      }
      parent[r] = r;
      // Runs above are sorted by x: skip those ending left of start - 1, join while they begin <= end + 1.
      while (prevStart < prevEnd && x1s.data[prevStart]! < start - 1) prevStart++;
      for (let k = prevStart; k < prevEnd && x0s.data[k]! <= x; k++) {
        const a = find(k);
        const b = find(r);
        if (a !== b) {
          if (a < b) parent[b] = a;
          else parent[a] = b;
        }
      }
    }
    prevStart = rowStart;
    prevEnd = x0s.length;
  }

  // 2. Regions in raster order of their first pixel (= order of their first run), with statistics.
  const nRuns = x0s.length;
  const regionOfRoot = new Int32Array(nRuns).fill(-1);
  const runRegion = new Int32Array(nRuns);
  const all: MaskRegion[] = [];
  const sumX: number[] = [];
  const sumY: number[] = [];
  const sumV: number[] = [];
  const x1Max: number[] = [];
  const y1Max: number[] = [];
  for (let r = 0; r < nRuns; r++) {
    const root = find(r);
    let k = regionOfRoot[root]!;
    const y = rowOf.data[r]!;
    const a = x0s.data[r]!;
    const b = x1s.data[r]!;
    if (k < 0) {
      k = all.length;
      regionOfRoot[root] = k;
      all.push({ id: 0, bbox: { x: a, y, w: 0, h: 0 }, area: 0, score: 0, maxScore: map ? -Infinity : 0, cx: 0, cy: 0 });
      sumX.push(0);
      sumY.push(0);
      sumV.push(0);
      x1Max.push(b);
      y1Max.push(y);
    }
    runRegion[r] = k;
    const g = all[k]!;
    const len = b - a + 1;
    g.area += len;
    sumX[k] += ((a + b) * len) / 2;
    sumY[k] += y * len;
    if (a < g.bbox.x) g.bbox.x = a;
    if (b > x1Max[k]!) x1Max[k] = b;
    y1Max[k] = y;
    if (map) {
      let s = sumV[k]!;
      let m = g.maxScore;
      for (let i = y * width + a, end = y * width + b; i <= end; i++) {
        const v = map[i]!;
        s += v;
        if (v > m) m = v;
      }
      sumV[k] = s;
      g.maxScore = m;
    }
  }

  // 3. Minimum area; kept regions renumbered 1..n; mask and labels painted run by run.
  const newId = new Int32Array(all.length);
  const regions: MaskRegion[] = [];
  all.forEach((g, k) => {
    if (g.area < minArea) return;
    g.id = regions.length + 1;
    newId[k] = g.id;
    g.bbox.w = x1Max[k]! - g.bbox.x + 1;
    g.bbox.h = y1Max[k]! - g.bbox.y + 1;
    g.cx = sumX[k]! / g.area;
    g.cy = sumY[k]! / g.area;
    g.score = sumV[k]! / g.area;
    regions.push(g);
  });
  const labels = new Int32Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let r = 0; r < nRuns; r++) {
    const id = newId[runRegion[r]!]!;
    if (!id) continue;
    const base = rowOf.data[r]! * width;
    labels.fill(id, base + x0s.data[r]!, base + x1s.data[r]! + 1);
    mask.fill(1, base + x0s.data[r]!, base + x1s.data[r]! + 1);
  }
  return { mask, labels, regions };
}
