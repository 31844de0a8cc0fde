import { assertPlane } from './checks';
import { foregroundBox } from './foregroundBox';
import type { MaskRegion, RegionsResult } from './types';

/**
 * 8-connected regions of a 0/1 mask (two-pass labelling with union-find, inside the foreground's bounding box).
 * Region ids are 1..n in raster order of each region's first pixel; the label image holds 0 for background.
 * With a map, each region gets the mean and max map value over its pixels (its score).
 * @param mask Uint8Array (non-zero = foreground), width*height
 * @param map optional Float32Array, width*height (e.g. the disease map)
 */
export function connectedRegions(mask: Uint8Array, width: number, height: number, map?: Float32Array): RegionsResult {
  assertPlane(mask, width, height, 'connectedRegions mask');
  if (map) assertPlane(map, width, height, 'connectedRegions map');
  const n = width * height;
  const labels = new Int32Array(n);
  const box = foregroundBox(mask, width, height);
  if (!box) return { labels, regions: [] };
  const bx0 = box.x;
  const bx1 = box.x + box.w - 1;
  // provisional labels start at 1; parent[0] unused
  let parent = new Int32Array(1024);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };

  for (let y = box.y; y < box.y + box.h; y++) {
    const row = y * width;
    const up = row - width;
    for (let x = bx0; x <= bx1; x++) {
      const i = row + x;
      if (!mask[i]) continue;
      let l = 0;
      if (x > 0 && labels[i - 1]) l = labels[i - 1];
      if (y > 0) {
        if (x > 0 && labels[up + x - 1]) l = l ? union(l, labels[up + x - 1]) : labels[up + x - 1];
        if (labels[up + x]) l = l ? union(l, labels[up + x]) : labels[up + x];
        if (x + 1 < width && labels[up + x + 1]) l = l ? union(l, labels[up + x + 1]) : labels[up + x + 1];
      }
      if (!l) {
        if (next >= parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        l = next++;
      }
      labels[i] = l;
    }
  }

  // second pass: final ids in raster order of first pixel, and statistics
  const finalId = new Int32Array(next);
  const regions: MaskRegion[] = [];
  const sx: number[] = [];
  const sy: number[] = [];
  const ss: number[] = [];
  for (let y = box.y; y < box.y + box.h; y++) {
    const row = y * width;
    for (let x = bx0; x <= bx1; x++) {
      const i = row + x;
      const p = labels[i];
      if (!p) continue;
      const root = find(p);
      let id = finalId[root];
      if (!id) {
        id = regions.length + 1;
        finalId[root] = id;
        regions.push({ id, bbox: { x, y, w: x, h: y }, area: 0, score: 0, maxScore: map ? -Infinity : 0, cx: 0, cy: 0 });
        sx.push(0);
        sy.push(0);
        ss.push(0);
      }
      labels[i] = id;
      const r = regions[id - 1];
      r.area++;
      sx[id - 1] += x;
      sy[id - 1] += y;
      const b = r.bbox;
      // bbox.x/y/w/h hold x0, y0, x1, y1 until the end
      if (x < b.x) b.x = x;
      if (x > b.w) b.w = x;
      if (y > b.h) b.h = y;
      if (map) {
        const v = map[i];
        ss[id - 1] += v;
        if (v > r.maxScore) r.maxScore = v;
      }
    }
  }
  for (let k = 0; k < regions.length; k++) {
    const r = regions[k];
    const b = r.bbox;
    r.bbox = { x: b.x, y: b.y, w: b.w - b.x + 1, h: b.h - b.y + 1 };
    r.cx = sx[k] / r.area;
    r.cy = sy[k] / r.area;
    if (map) r.score = ss[k] / r.area;
  }
  return { labels, regions };
}
