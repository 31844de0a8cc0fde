import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxBlur, excessOverBaseline, normalBaseline, pixelQuantiles } from '../../../engine/src/propose/normalBaseline';

test('pixelQuantiles takes the quantile of each position across the maps', () => {
  // 5 maps of 2 pixels: pixel 0 holds 0..4, pixel 1 holds 10, 40, 20, 30, 0.
  const stack = Float32Array.from([0, 10, 1, 40, 2, 20, 3, 30, 4, 0]);
  assert.deepEqual([...pixelQuantiles(stack, 5, 2, 0)], [0, 0]);
  assert.deepEqual([...pixelQuantiles(stack, 5, 2, 0.5)], [2, 20]);
  assert.deepEqual([...pixelQuantiles(stack, 5, 2, 1)], [4, 40]);
  assert.throws(() => pixelQuantiles(stack, 4, 2, 0.5), RangeError);
  assert.throws(() => pixelQuantiles(stack, 5, 2, 1.5), RangeError);
});

test('boxBlur keeps a constant image and spreads a spike evenly, clamped at the borders', () => {
  assert.deepEqual([...boxBlur(new Float32Array(12).fill(3), 4, 3, 1)], new Array(12).fill(3));
  const spike = new Float32Array(25);
  spike[12] = 9;
  const b = boxBlur(spike, 5, 5, 1);
  for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) {
    const near = Math.abs(x - 2) <= 1 && Math.abs(y - 2) <= 1;
    assert.ok(Math.abs(b[y * 5 + x]! - (near ? 1 : 0)) < 1e-6, `(${x},${y}) = ${b[y * 5 + x]}`);
  }
  // Corner: 2x2 window of a 1-at-the-corner image -> 1/4.
  const corner = new Float32Array(9);
  corner[0] = 1;
  assert.ok(Math.abs(boxBlur(corner, 3, 3, 1)[0]! - 0.25) < 1e-6);
});

test('a systematic response on every normal map is removed; a new one elsewhere survives', () => {
  const S = 8;
  const n = 20;
  const stack = new Float32Array(n * S * S);
  for (let k = 0; k < n; k++) {
    for (let x = 0; x < S; x++) stack[k * S * S + x] = 0.3 + 0.01 * (k % 3); // top row lit on every normal
    stack[k * S * S + 4 * S + 4] = 0.02 * (k % 2); // faint noise in the middle
  }
  const base = normalBaseline(stack, n, S, 0.95, 0);
  const abnormal = new Float32Array(S * S);
  for (let x = 0; x < S; x++) abnormal[x] = 0.31; // the same top-row artefact
  abnormal[5 * S + 3] = 0.4; // a lesion where normals are quiet
  const ex = excessOverBaseline(abnormal, base);
  for (let x = 0; x < S; x++) assert.equal(ex[x], 0, `top row x=${x} not removed`);
  assert.ok(Math.abs(ex[5 * S + 3]! - 0.4) < 1e-6);
  assert.ok(ex.every((v) => v >= 0));
  assert.throws(() => excessOverBaseline(abnormal, new Float32Array(3)), RangeError);
});
