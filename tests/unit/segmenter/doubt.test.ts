import assert from 'node:assert/strict';
import { test } from 'node:test';
import { borderlineShare, maskDisagreement, meanBinaryEntropy } from '../../../engine/mask/lesionDoubt';
import { lesionMaskFromProb } from '../../../engine/mask/lesionMaskFromProb';

test('meanBinaryEntropy: 0 for certain pixels, 1 bit for coin tosses, in between otherwise', () => {
  assert.equal(meanBinaryEntropy(Float32Array.from([0, 1, 0, 1])), 0);
  assert.equal(meanBinaryEntropy(Float32Array.from([0.5, 0.5])), 1);
  const h = meanBinaryEntropy(Float32Array.from([0.9, 0]));
  assert.ok(Math.abs(h - 0.4689955935892812 / 2) < 1e-6, `H(0.9)/2 = ${h}`);
  // Out-of-range values are clamped, not NaN.
  assert.equal(meanBinaryEntropy(Float32Array.from([-0.2, 1.3])), 0);
  assert.throws(() => meanBinaryEntropy(new Float32Array(0)), RangeError);
});

test('maskDisagreement is 1 - Dice: 0 when equal or both empty, 1 when disjoint', () => {
  const a = Uint8Array.from([1, 1, 0, 0]);
  assert.equal(maskDisagreement(a, a), 0);
  assert.equal(maskDisagreement(new Uint8Array(4), new Uint8Array(4)), 0);
  assert.equal(maskDisagreement(a, Uint8Array.from([0, 0, 1, 1])), 1);
  assert.ok(Math.abs(maskDisagreement(a, Uint8Array.from([1, 0, 0, 0])) - (1 - 2 / 3)) < 1e-12);
  assert.throws(() => maskDisagreement(a, new Uint8Array(3)), RangeError);
});

test('borderlineShare: the share of responding pixels within a factor of two of the threshold', () => {
  assert.equal(borderlineShare(new Float32Array(10), 0.1), 0, 'nothing responds: no doubt');
  assert.equal(borderlineShare(Float32Array.from([0.9, 0.9, 0]), 0.1), 0, 'far above the threshold: no doubt');
  assert.equal(borderlineShare(Float32Array.from([0.06, 0.15, 0.9, 0.9]), 0.1), 0.5);
  assert.throws(() => borderlineShare(new Float32Array(2), 0), RangeError);
});

test('lesionMaskFromProb upsamples, cuts at 0.5 and drops regions under the minimum area', () => {
  // 4x4 grid with a 2x2 block of 0.9 in a corner and a lone 0.8 pixel in the opposite one; to 8x8.
  const p = new Float32Array(16);
  p[0] = p[1] = p[4] = p[5] = 0.9;
  p[15] = 0.8;
  const big = lesionMaskFromProb(p, 4, 4, 8, 8, { minArea: 0 });
  const area = big.reduce((s, v) => s + v, 0);
  assert.ok(area > 8, `the block covers several upsampled pixels (${area})`);
  const dropped = lesionMaskFromProb(p, 4, 4, 8, 8, { minArea: 5 });
  assert.ok(dropped.reduce((s, v) => s + v, 0) < area, 'the lone corner pixel region is dropped');
  assert.equal(lesionMaskFromProb(new Float32Array(16).fill(0.4), 4, 4, 8, 8).reduce((s, v) => s + v, 0), 0, 'below the cut: empty');
  assert.throws(() => lesionMaskFromProb(p, 4, 4, 8, 8, { cut: 1 }), RangeError);
  assert.throws(() => lesionMaskFromProb(p, 3, 4, 8, 8), RangeError);
});
