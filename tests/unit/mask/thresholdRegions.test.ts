import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proposeMask } from '../../../engine/mask/proposeMask';
import { thresholdRegions } from '../../../engine/mask/thresholdRegions';
import { rng } from './helpers';

/** The reference: proposeMask's manual-threshold path without hole filling (pixel union-find). */
function reference(map: Float32Array, w: number, h: number, t: number, minArea: number) {
  const r = proposeMask(map, w, h, { threshold: t, minArea, fillHoles: false });
  return { mask: r.mask, labels: r.labels, regions: r.regions };
}

/** Random map: uniform noise, or smooth blobs, or stripes (runs that touch only diagonally). */
function randomMap(w: number, h: number, seed: number, kind: number): Float32Array {
  const r = rng(seed);
  const m = new Float32Array(w * h);
  const blobs = Array.from({ length: 6 }, () => ({ x: r() * w, y: r() * h, s: 1 + r() * w * 0.1 }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (kind === 0) m[i] = r();
      else if (kind === 1) m[i] = blobs.reduce((a, b) => a + Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s)), 0) + 0.1 * r();
      else m[i] = (x + y) % 3 === 0 || (x - y + 99) % 5 === 0 ? 0.9 : 0.1 * r();
    }
  }
  return m;
}

test('thresholdRegions equals the pixel path (mask, labels, ids, boxes, scores) on random maps', () => {
  let cases = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const w = 1 + (seed * 7) % 53;
    const h = 1 + (seed * 11) % 37;
    const map = randomMap(w, h, seed, seed % 3);
    for (const t of [0.05, 0.3, 0.5, 0.8, 2]) {
      for (const minArea of [0, 1, 3, 20]) {
        const got = thresholdRegions(map, w, h, t, minArea);
        const want = reference(map, w, h, t, minArea);
        const what = `seed ${seed} (${w}x${h}) t ${t} minArea ${minArea}`;
        assert.deepEqual(got.mask, want.mask, `mask, ${what}`);
        assert.deepEqual(got.labels, want.labels, `labels, ${what}`);
        assert.deepEqual(got.regions, want.regions, `regions, ${what}`);
        cases++;
      }
    }
  }
  assert.equal(cases, 800);
});

test('thresholdRegions: diagonal runs join, NaN is background, bad arguments are refused', () => {
  // Two runs touching only at a corner are one region (8-connectivity).
  const w = 6;
  const map = Float32Array.from([
    1, 1, 0, 0, 0, 0,
    0, 0, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 1,
    Number.NaN, 0, 0, 0, 0, 1,
  ]);
  const r = thresholdRegions(map, w, 4, 0.5, 0);
  assert.equal(r.regions.length, 2);
  assert.deepEqual(r.regions.map((g) => g.area), [4, 2]);
  assert.deepEqual(r.regions[0]!.bbox, { x: 0, y: 0, w: 4, h: 2 });
  assert.equal(r.labels[18], 0);
  assert.throws(() => thresholdRegions(map, w, 4, Number.NaN, 0), RangeError);
  assert.throws(() => thresholdRegions(map, w, 5, 0.5, 0), RangeError);
  assert.throws(() => thresholdRegions(map, w, 4, 0.5, -1), RangeError);
});
