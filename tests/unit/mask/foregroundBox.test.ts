import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillHoles } from '../../../engine/mask/fillHoles';
import { foregroundBox } from '../../../engine/mask/foregroundBox';
import { parseMask, showMask } from './helpers';

test('foregroundBox finds the tight box of the non-zero pixels, null when empty', () => {
  const { mask, w, h } = parseMask(['......', '..#...', '.....#', '...#..', '......']);
  assert.deepEqual(foregroundBox(mask, w, h), { x: 2, y: 1, w: 4, h: 3 });
  assert.equal(foregroundBox(new Uint8Array(12), 4, 3), null);
  assert.deepEqual(foregroundBox(new Uint8Array([0, 0, 0, 1]), 2, 2), { x: 1, y: 1, w: 1, h: 1 });
});

test('fillHoles on a ring touching the image border still fills its hole', () => {
  const { mask, w, h } = parseMask(['###...', '#.#...', '###...', '......']);
  assert.deepEqual(showMask(fillHoles(mask, w, h), w), ['###...', '###...', '###...', '......']);
  const full = parseMask(['###', '#.#', '###']);
  assert.deepEqual(showMask(fillHoles(full.mask, full.w, full.h), full.w), ['###', '###', '###']);
});
