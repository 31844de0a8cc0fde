import assert from 'node:assert/strict';
import { test } from 'node:test';
import { camRegion } from '../../../engine/mask/camRegion';
import { otsuThreshold } from '../../../engine/mask/otsuThreshold';
import { tbvaThreshold } from '../../../engine/mask/tbvaThreshold';
import { thresholdMask } from '../../../engine/mask/thresholdMask';
import { rng } from './helpers';

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

test('thresholdMask is strictly greater-than and NaN-safe', () => {
  const m = thresholdMask(new Float32Array([0, 0.5, 0.50001, 1, NaN, -1]), 0.5);
  assert.deepEqual([...m], [0, 0, 1, 1, 0, 0]);
  assert.throws(() => thresholdMask(new Float32Array(2), NaN), /bad threshold/);
});

test('otsuThreshold separates two well-separated clusters and agrees with an exhaustive search', () => {
  const r = rng(3);
  const v = new Float32Array(3000);
  for (let i = 0; i < v.length; i++) v[i] = i < 2000 ? 0.1 + 0.02 * gauss(r) : 0.6 + 0.05 * gauss(r);
  const t = otsuThreshold(v);
  assert.ok(t > 0.15 && t < 0.45, `threshold ${t}`);
  const m = thresholdMask(v, t);
  let wrong = 0;
  for (let i = 0; i < v.length; i++) if (m[i] !== (i < 2000 ? 0 : 1)) wrong++;
  assert.equal(wrong, 0);
  // exhaustive: the best split of the sorted values by between-class variance lies in the same gap
  const s = [...v].sort((a, b) => a - b);
  let best = -1;
  let bestT = 0;
  const total = s.reduce((a, b) => a + b, 0);
  let sum0 = 0;
  for (let k = 1; k < s.length; k++) {
    sum0 += s[k - 1];
    const m0 = sum0 / k;
    const m1 = (total - sum0) / (s.length - k);
    const b = k * (s.length - k) * (m0 - m1) ** 2;
    if (b > best) { best = b; bestT = (s[k - 1] + s[k]) / 2; }
  }
  assert.ok(Math.abs(bestT - t) < 0.15, `exhaustive ${bestT} vs histogram ${t}`);
});

test('otsuThreshold honours its mask, and handles constant and empty input', () => {
  const v = new Float32Array([0, 0, 1, 1, 5, 5]);
  const mask = new Uint8Array([1, 1, 1, 1, 0, 0]);
  const t = otsuThreshold(v, mask);
  assert.ok(t > 0 && t < 1, `${t}`);
  assert.equal(otsuThreshold(new Float32Array([2, 2, 2])), 2);
  // `above` ignores the values at or below it (here the big cluster at 0)
  const withZeros = new Float32Array([0, 0, 0, 0, 0, 0, 0.2, 0.2, 0.8, 0.8]);
  const tp = otsuThreshold(withZeros, undefined, { above: 0 });
  assert.ok(tp > 0.2 && tp < 0.8, `${tp}`);
  assert.ok(Number.isNaN(otsuThreshold(new Float32Array([-1, 0, 0]), undefined, { above: 0 })));
  assert.ok(Math.abs(otsuThreshold(new Float32Array([0, 1, NaN, Infinity, 0, 1])) - 1 / 256) < 1e-9, 'NaN and Infinity ignored');
  assert.notEqual(otsuThreshold(new Float32Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.7, 0.8, 0.9])), otsuThreshold(new Float32Array([0.7, 0.8, 0.9])));
  assert.ok(Number.isNaN(otsuThreshold(new Float32Array(0))));
  assert.throws(() => otsuThreshold(v, new Uint8Array(2)), /mask length/);
});

test('tbvaThreshold: a plateau lesion puts the peak at the plateau; threshold = 97% of it', () => {
  const r = rng(5);
  const n = 10000;
  const map = new Float32Array(n);
  for (let i = 0; i < n; i++) map[i] = i < 2000 ? 0.3 + 0.005 * gauss(r) : 0.01 * gauss(r);
  const res = tbvaThreshold(map, { floor: 0.05 });
  assert.ok(Math.abs(res.peak - 0.3) < 0.01, `peak ${res.peak}`);
  assert.ok(Math.abs(res.threshold - 0.97 * res.peak) < 1e-9);
  assert.equal(res.count, 2000);
});

test('tbvaThreshold: only the CAM region counts; nothing above the floor gives NaN', () => {
  const map = new Float32Array(100);
  for (let i = 0; i < 50; i++) map[i] = 0.2; // inside the CAM
  for (let i = 50; i < 100; i++) map[i] = 0.8; // outside
  const cam = new Float32Array(100);
  for (let i = 0; i < 50; i++) cam[i] = 1;
  const res = tbvaThreshold(map, { region: camRegion(cam), floor: 0.05 });
  assert.ok(Math.abs(res.threshold - 0.97 * 0.2) < 1e-6, `${res.threshold}`);
  const none = tbvaThreshold(new Float32Array(100).fill(0.01), { floor: 0.05 });
  assert.ok(Number.isNaN(none.threshold));
  assert.equal(none.count, 0);
  // a smooth bump: the mode is at the low end, so the floor decides
  const bump = new Float32Array(64 * 64);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) bump[y * 64 + x] = 0.5 * Math.exp(-((x - 32) ** 2 + (y - 32) ** 2) / 200);
  const b = tbvaThreshold(bump, { floor: 0.05 });
  assert.ok(b.threshold < 0.1, `bump threshold ${b.threshold}`);
});

test('camRegion keeps heat >= cut * max and is empty for a heatless map', () => {
  assert.deepEqual([...camRegion(new Float32Array([0, 0.4, 0.5, 1]), 0.5)], [0, 0, 1, 1]);
  assert.deepEqual([...camRegion(new Float32Array([0, 0, 0]))], [0, 0, 0]);
  assert.throws(() => camRegion(new Float32Array(1), 0), /cut must be/);
});
