import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resizeGray } from '../../../engine/src/image/resizeGray';

const img = (width: number, height: number, f: (x: number, y: number) => number) => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};

test('area: 2x2 blocks average exactly; non-integer ratios keep the mean', () => {
  const a = img(4, 2, (x, y) => x + 10 * y);
  assert.deepEqual(Array.from(resizeGray(a, 2, 1, 'area').data), [5.5, 7.5]);
  const b = img(7, 5, (x, y) => (x * 3 + y * 5) % 11);
  const r = resizeGray(b, 3, 2, 'area');
  const mean = (d: Float32Array) => d.reduce((s, v) => s + v, 0) / d.length;
  assert.ok(Math.abs(mean(r.data) - mean(b.data)) < 1e-5);
});

test('bilinear: constant stays constant, a linear ramp stays linear inside, same size is a copy', () => {
  const c = resizeGray(img(5, 5, () => 0.25), 9, 7, 'bilinear');
  assert.ok(c.data.every((v) => Math.abs(v - 0.25) < 1e-7));
  const ramp = resizeGray(img(4, 1, (x) => x), 8, 1, 'bilinear');
  // Half-pixel centres: output x maps to (x + 0.5)/2 - 0.5.
  assert.deepEqual(Array.from(ramp.data), [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3]);
  const s = img(2, 2, (x) => x);
  const same = resizeGray(s, 2, 2);
  assert.deepEqual(same.data, s.data);
  assert.notEqual(same.data, s.data);
});

test('bad arguments fail loudly', () => {
  assert.throws(() => resizeGray(img(2, 2, () => 0), 0, 2), RangeError);
  assert.throws(() => resizeGray({ width: 2, height: 2, data: new Float32Array(3) }, 1, 1), RangeError);
});
