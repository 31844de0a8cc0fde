/**
 * Benchmark of the live threshold recompute (recomputeReview) on a synthetic SIZE x SIZE disease map with a
 * dozen smooth blobs and low noise, as the review slider does it: new threshold -> mask, holes, regions,
 * rejections. Runs anywhere (Node through tsx, or bundled into a page): `benchRecompute(2048, 15)`.
 * Returns per-run milliseconds (first run = warm-up, excluded from the stats).
 */
import { recomputeReview, regionPeak } from './regionReview';

export interface RecomputeBench {
  size: number;
  runs: number;
  regions: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export function syntheticMap(size: number, seed = 1): Float32Array {
  const map = new Float32Array(size * size);
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const blobs = Array.from({ length: 12 }, () => ({ x: rnd() * size, y: rnd() * size, r: size * (0.01 + rnd() * 0.04), a: 0.2 + rnd() * 0.5 }));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = (rnd() - 0.5) * 0.04;
      for (const b of blobs) {
        const d2 = (x - b.x) ** 2 + (y - b.y) ** 2;
        if (d2 < 9 * b.r * b.r) v += b.a * Math.exp(-d2 / (2 * b.r * b.r));
      }
      map[y * size + x] = v;
    }
  }
  return map;
}

export function benchRecompute(size = 2048, runs = 15): RecomputeBench {
  const map = syntheticMap(size);
  const first = recomputeReview(map, size, size, 0.15, 50, new Set());
  // One region rejected, as after a reader's click.
  const seeds = new Set(first.regions.length ? [regionPeak(first.regions[0]!, first.labels, map, size)] : []);
  const ms: number[] = [];
  for (let k = 0; k <= runs; k++) {
    const t = 0.1 + (k % 5) * 0.03;
    const r = recomputeReview(map, size, size, t, 50, seeds);
    if (k > 0) ms.push(r.ms);
  }
  ms.sort((a, b) => a - b);
  return { size, runs, regions: first.regions.length, medianMs: ms[Math.floor(ms.length / 2)]!, minMs: ms[0]!, maxMs: ms.at(-1)! };
}
