import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lungMaskFromProb } from '../../../engine/mask/lungMaskFromProb';
import { lungMarginPixels, restrictToLungs } from '../../../engine/mask/restrictToLungs';
import { count, parseMask, showMask } from './helpers';

test('restrictToLungs keeps the map inside the lungs grown by the margin and zeroes the rest', () => {
  const { mask, w, h } = parseMask(['.......', '.......', '...#...', '.......', '.......']);
  const map = Float32Array.from({ length: w * h }, (_, i) => i + 1);
  const inside = restrictToLungs(map, mask, w, h, 0);
  assert.deepEqual([...inside].map((v, i) => (v ? i : -1)).filter((i) => i >= 0), [2 * w + 3]);
  assert.equal(inside[2 * w + 3], map[2 * w + 3]);
  const grown = restrictToLungs(map, mask, w, h, 1);
  assert.deepEqual(showMask(Uint8Array.from(grown, (v) => (v ? 1 : 0)), w), ['.......', '..###..', '..###..', '..###..', '.......']);
  // Values are kept as they were inside, not rescaled; the input is untouched.
  for (let i = 0; i < map.length; i++) if (grown[i]) assert.equal(grown[i], map[i]);
  assert.equal(map[0], 1);
  const two = restrictToLungs(map, mask, w, h, 2);
  assert.equal(count(two), 25);
});

test('restrictToLungs: empty lungs give an empty map; full lungs change nothing; bad input throws', () => {
  const w = 5;
  const h = 4;
  const map = Float32Array.from({ length: w * h }, () => 0.3);
  assert.equal(count(restrictToLungs(map, new Uint8Array(w * h), w, h, 3)), 0);
  assert.deepEqual([...restrictToLungs(map, new Uint8Array(w * h).fill(1), w, h, 0)], [...map]);
  assert.throws(() => restrictToLungs(map, new Uint8Array(3), w, h, 1), /lungs/);
  assert.throws(() => restrictToLungs(map, new Uint8Array(w * h), w, h, -1), /margin/);
  assert.throws(() => restrictToLungs(map, new Uint8Array(w * h), w, h, 1.5), /margin/);
});

test('lungMarginPixels turns a fraction of the side into grid pixels', () => {
  assert.equal(lungMarginPixels(0.03, 128), 4);
  assert.equal(lungMarginPixels(0, 128), 0);
  assert.equal(lungMarginPixels(0.03, 64), 2);
  assert.throws(() => lungMarginPixels(0.6, 128), /fraction/);
  assert.throws(() => lungMarginPixels(Number.NaN, 128), /fraction/);
});

test('lungMaskFromProb upsamples, thresholds, keeps the two largest regions and fills their holes', () => {
  // 8x8 grid: two "lungs" (one with a hole), and a small island.
  const rows = [
    '........',
    '.##..##.',
    '.##..#.#',
    '.##..###',
    '.##..###',
    '........',
    '#.......',
    '........',
  ];
  const { mask, w, h } = parseMask(rows);
  const prob = Float32Array.from(mask, (v) => (v ? 0.9 : 0.1));
  const same = lungMaskFromProb(prob, w, h, w, h);
  assert.deepEqual(showMask(same, w), [
    '........',
    '.##..##.',
    '.##..###',
    '.##..###',
    '.##..###',
    '........',
    '........',
    '........',
  ]);
  // At twice the size: the same shapes, roughly four times the area.
  const big = lungMaskFromProb(prob, w, h, 16, 16);
  assert.ok(Math.abs(count(big) - 4 * count(same)) <= 8, `area ${count(big)} vs ${4 * count(same)}`);
  // Non-square output (the image's own size).
  assert.equal(lungMaskFromProb(prob, w, h, 24, 10).length, 240);
});

test('lungMaskFromProb drops a second region far smaller than the first, and handles an empty map', () => {
  const { mask, w, h } = parseMask(['######..', '######..', '######..', '######..', '.......#']);
  const prob = Float32Array.from(mask, (v) => (v ? 1 : 0));
  assert.equal(count(lungMaskFromProb(prob, w, h, w, h)), 24);
  assert.equal(count(lungMaskFromProb(prob, w, h, w, h, { minFraction: 0 })), 25);
  assert.equal(count(lungMaskFromProb(new Float32Array(w * h), w, h, w, h)), 0);
  assert.throws(() => lungMaskFromProb(prob, w, h, w, h, { threshold: 1 }), /threshold/);
  assert.throws(() => lungMaskFromProb(prob, w, h, w, h, { keep: 0 }), /keep/);
});
