import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { encodeGrayPng } from '../../../engine/src/image/encodeGrayPng';

test('encodeGrayPng (maps, healthy images, training samples): lo..hi -> 0..255, clamped, NaN as 0, bad sizes refused', () => {
  const png = PNG.sync.read(encodeGrayPng(Float32Array.from([0, 0.5, 1, 2, -1, Number.NaN]), 3, 2));
  assert.deepEqual([png.width, png.height], [3, 2]);
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => png.data[i * 4]), [0, 128, 255, 255, 0, 0]);
  const ranged = PNG.sync.read(encodeGrayPng(Float32Array.from([-0.1, 0, 0.1]), 3, 1, -0.1, 0.1));
  assert.deepEqual([0, 1, 2].map((i) => ranged.data[i * 4]), [0, 128, 255]);
  assert.throws(() => encodeGrayPng(new Float32Array(0), 0, 0), RangeError);
  assert.throws(() => encodeGrayPng(new Float32Array(4), 3, 1), RangeError);
  assert.throws(() => encodeGrayPng(new Float32Array(2), 2, 1, 1, 1), RangeError);
});
