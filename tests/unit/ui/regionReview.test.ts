import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptRegion, recomputeReview, regionAt, regionPeak, rejectAll, rejectRegion, reviewFromMask, thresholdRange } from '../../../renderer/src/lib/review/regionReview';
import { syntheticMap } from '../../../renderer/src/lib/review/benchRecompute';

/** 40x20 map: a plateau of 0.5 with peak 0.9 at (5,5), and a weaker one (0.3, peak 0.4 at (30,10)). */
function twoBlobs(): Float32Array {
  const w = 40;
  const m = new Float32Array(40 * 20);
  for (let y = 2; y < 9; y++) for (let x = 2; x < 9; x++) m[y * w + x] = 0.5;
  m[5 * w + 5] = 0.9;
  for (let y = 7; y < 14; y++) for (let x = 27; x < 34; x++) m[y * w + x] = 0.3;
  m[10 * w + 30] = 0.4;
  return m;
}

test('threshold recompute: regions above the threshold, min area drops small ones', () => {
  const map = twoBlobs();
  const r = recomputeReview(map, 40, 20, 0.2, 0, new Set());
  assert.equal(r.regions.length, 2);
  assert.equal(r.mask.reduce((a, b) => a + b, 0), 98);
  const hi = recomputeReview(map, 40, 20, 0.35, 0, new Set());
  assert.deepEqual(hi.regions.map((g) => g.area), [49, 1], 'only the strong plateau and the weak one\'s peak remain');
  const big = recomputeReview(map, 40, 20, 0.35, 2, new Set());
  assert.deepEqual(big.regions.map((g) => g.area), [49]);
  assert.ok(big.ms >= 0);
  assert.throws(() => recomputeReview(map, 40, 20, NaN, 0, new Set()), /threshold/);
  assert.throws(() => recomputeReview(map, 40, 21, 0.2, 0, new Set()), /length/);
});

test('region accept/reject survives moving the threshold (seeds at the region peak)', () => {
  const map = twoBlobs();
  const r = recomputeReview(map, 40, 20, 0.2, 0, new Set());
  const weak = regionAt(r, 30.5, 10.2);
  assert.ok(weak > 0);
  assert.equal(regionAt(r, 0, 0), 0);
  assert.equal(regionAt(r, -1, 5), 0);
  assert.equal(regionPeak(r.regions.find((g) => g.id === weak)!, r.labels, map, 40), 10 * 40 + 30);
  const seeds = rejectRegion(new Set(), r, weak, map);
  const r2 = recomputeReview(map, 40, 20, 0.2, 0, seeds);
  assert.deepEqual([...r2.rejected], [weak]);
  assert.equal(r2.mask.reduce((a, b) => a + b, 0), 49, 'the rejected region is gone from the mask');
  assert.equal(r2.mask[10 * 40 + 30], 0);
  // Raise the threshold: the weak region shrinks to its peak and stays rejected.
  const r3 = recomputeReview(map, 40, 20, 0.35, 0, seeds);
  assert.equal(r3.rejected.size, 1);
  assert.equal(r3.mask[10 * 40 + 30], 0);
  // Rejecting again changes nothing; accepting brings it back.
  assert.deepEqual([...rejectRegion(seeds, r2, weak, map)], [...seeds]);
  const back = acceptRegion(seeds, r2, weak);
  assert.equal(back.size, 0);
  assert.equal(recomputeReview(map, 40, 20, 0.2, 0, back).mask.reduce((a, b) => a + b, 0), 98);
  // Reject all / accept all.
  const all = rejectAll(r, map);
  assert.equal(recomputeReview(map, 40, 20, 0.2, 0, all).mask.reduce((a, b) => a + b, 0), 0);
});

test('slider range follows the map maximum; the synthetic 2k bench map has regions', () => {
  assert.deepEqual(thresholdRange(twoBlobs()), { min: 0, max: 0.8999999761581421, step: 0.8999999761581421 / 200 });
  assert.equal(thresholdRange(new Float32Array(4)).max, 0.01);
  const m = syntheticMap(256, 3);
  assert.ok(recomputeReview(m, 256, 256, 0.15, 10, new Set()).regions.length > 0);
});

test('an untouched proposal is reviewed as the stored mask, not a re-threshold of its map', () => {
  const map = twoBlobs();
  // The stored AI-original: the strong plateau dilated by one pixel (as the engine's morphology might do).
  const stored = new Uint8Array(40 * 20);
  for (let y = 1; y < 10; y++) for (let x = 1; x < 10; x++) stored[y * 40 + x] = 1;
  const r = reviewFromMask(stored, map, 40, 20, 0.2, 0, new Set());
  assert.equal(r.mask, stored, 'the very mask that was stored');
  assert.equal(r.regions.length, 1);
  assert.equal(r.regions[0]!.area, 81);
  const seed = regionPeak(r.regions[0]!, r.labels, map, 40);
  const rej = reviewFromMask(stored, map, 40, 20, 0.2, 0, new Set([seed]));
  assert.equal(rej.mask.reduce((a, b) => a + b, 0), 0, 'rejecting its only region empties it');
  assert.notEqual(recomputeReview(map, 40, 20, 0.2, 0, new Set()).mask.reduce((a, b) => a + b, 0), 81);
});
