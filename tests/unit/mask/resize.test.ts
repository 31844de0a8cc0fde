import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resizeMapBilinear } from '../../../engine/mask/resizeMapBilinear';
import { resizeMaskNearest } from '../../../engine/mask/resizeMaskNearest';
import { parseMask, showMask } from './helpers';

test('resizeMaskNearest doubles and halves exactly', () => {
  const { mask, w, h } = parseMask(['#.', '.#']);
  const up = resizeMaskNearest(mask, w, h, 4, 4);
  assert.deepEqual(showMask(up, 4), ['##..', '##..', '..##', '..##']);
  assert.deepEqual(resizeMaskNearest(up, 4, 4, 2, 2), mask);
  // 3x1 from 2x2: row y=floor(0.5*2/1)=1 ('.#'), columns floor((X+0.5)*2/3) = 0,1,1
  assert.deepEqual(showMask(resizeMaskNearest(mask, 2, 2, 3, 1), 3), ['.##']);
});

test('resizeMapBilinear keeps constants and linear ramps (half-pixel centres)', () => {
  const c = resizeMapBilinear(new Float32Array(6).fill(0.25), 3, 2, 7, 5);
  assert.ok(c.every((v) => Math.abs(v - 0.25) < 1e-7));
  // ramp value = x over a 4-wide map; upsampled to 8 wide: source x = (X + 0.5) / 2 - 0.5, clamped to [0, 3]
  const ramp = new Float32Array([0, 1, 2, 3]);
  const up = resizeMapBilinear(ramp, 4, 1, 8, 1);
  const expect = [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3];
  up.forEach((v, i) => assert.ok(Math.abs(v - expect[i]) < 1e-6, `X=${i}: ${v} vs ${expect[i]}`));
  const same = resizeMapBilinear(ramp, 4, 1, 4, 1);
  assert.deepEqual([...same], [0, 1, 2, 3]);
  assert.throws(() => resizeMapBilinear(ramp, 2, 1, 4, 4), /length 4 != 2x1/);
});
