import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectedRegions } from '../../../engine/mask/connectedRegions';
import { defaultMinArea } from '../../../engine/mask/defaultMinArea';
import { proposeMask } from '../../../engine/mask/proposeMask';
import { maskRegions, thresholdRegions } from '../../../engine/mask/thresholdRegions';
import { rng } from './helpers';

/** The pixel reference: connectedRegions (pixel union-find) on a mask, then the area filter, ids renumbered 1..n. */
function pixelRegions(mask: Uint8Array, w: number, h: number, minArea: number, map?: Float32Array) {
  const { labels, regions } = connectedRegions(mask, w, h, map);
  const kept = regions.filter((r) => r.area >= minArea);
  const newId = new Int32Array(regions.length + 1);
  kept.forEach((r, k) => (newId[r.id] = k + 1));
  const out = new Uint8Array(w * h);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = newId[labels[i]!]!;
    out[i] = labels[i] ? 1 : 0;
  }
  kept.forEach((r, k) => (r.id = k + 1));
  return { mask: out, labels, regions: kept };
}

/** The reference of thresholdRegions: threshold pixel by pixel, then pixelRegions. */
function reference(map: Float32Array, w: number, h: number, t: number, minArea: number) {
  return pixelRegions(Uint8Array.from(map, (v) => (v > t ? 1 : 0)), w, h, minArea, map);
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

test('maskRegions equals the pixel path on random masks, with and without a map to score on', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const w = 1 + (seed * 5) % 41;
    const h = 1 + (seed * 13) % 29;
    const map = randomMap(w, h, seed, seed % 3);
    const mask = Uint8Array.from(map, (v, i) => (v > 0.4 ? 1 + (i % 3) : 0)); // any non-zero value is foreground
    for (const minArea of [0, 2, 9]) {
      for (const scored of [map, undefined]) {
        const got = maskRegions(mask, w, h, minArea, scored);
        const want = pixelRegions(mask, w, h, minArea, scored);
        const what = `seed ${seed} (${w}x${h}) minArea ${minArea} ${scored ? 'scored' : 'unscored'}`;
        assert.deepEqual(got.mask, want.mask, `mask, ${what}`);
        assert.deepEqual(got.labels, want.labels, `labels, ${what}`);
        assert.deepEqual(got.regions, want.regions, `regions, ${what}`);
        if (!scored) assert.ok(got.regions.every((g) => g.score === 0 && g.maxScore === 0), what);
      }
    }
  }
  assert.throws(() => maskRegions(new Uint8Array(4), 2, 3, 0), RangeError);
});

test('proposeMask (auto, otsu, manual with and without hole filling) equals thresholding then the pixel path', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const w = 8 + (seed * 7) % 40;
    const h = 8 + (seed * 11) % 30;
    const map = randomMap(w, h, seed, 1 + (seed % 2));
    for (const threshold of ['auto', 'otsu', 0.3, 0.6] as const) {
      for (const fillHoles of [true, false]) {
        const got = proposeMask(map, w, h, { threshold, fillHoles, minThreshold: 0 });
        if (got.threshold === null) continue;
        const again = proposeMask(map, w, h, { threshold, fillHoles, minThreshold: 0, minArea: 0 });
        // The kept mask's regions, re-derived pixel by pixel with the default area filter, are the same regions.
        const want = pixelRegions(again.mask, w, h, defaultMinArea(w, h), map);
        const what = `seed ${seed} ${threshold} fill ${fillHoles}`;
        assert.deepEqual(got.mask, want.mask, `mask, ${what}`);
        assert.deepEqual(got.labels, want.labels, `labels, ${what}`);
        assert.deepEqual(got.regions, want.regions, `regions, ${what}`);
      }
    }
  }
});

test('defaultMinArea is max(4, 0.05% of the pixels), rounded: the engine default and the review panel\'s', () => {
  assert.equal(defaultMinArea(10, 10), 4);
  assert.equal(defaultMinArea(2048, 2048), 2097);
  assert.equal(defaultMinArea(128, 128), 8);
  const map = new Float32Array(128 * 128);
  for (let i = 0; i < 7; i++) map[i] = 1; // a 7-pixel region: under the default 8, dropped
  for (let i = 0; i < 8; i++) map[128 * 64 + i] = 1; // an 8-pixel region: kept
  assert.deepEqual(proposeMask(map, 128, 128, { threshold: 0.5 }).regions.map((g) => g.area), [8]);
});
