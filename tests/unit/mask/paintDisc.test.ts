import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eraseDisc } from '../../../engine/mask/eraseDisc';
import { paintDisc } from '../../../engine/mask/paintDisc';
import { count, showMask } from './helpers';

test('paintDisc paints pixels whose centres lie within r, and reports the dirty box', () => {
  const w = 9;
  const h = 9;
  const m = new Uint8Array(w * h);
  const res = paintDisc(m, w, h, 4.5, 4.5, 2, 1);
  assert.deepEqual(showMask(m, w), [
    '.........',
    '.........',
    '....#....',
    '...###...',
    '..#####..',
    '...###...',
    '....#....',
    '.........',
    '.........',
  ]);
  assert.equal(res.changed, 13);
  assert.deepEqual(res.dirty, { x: 2, y: 2, w: 5, h: 5 });
  // painting again changes nothing
  assert.deepEqual(paintDisc(m, w, h, 4.5, 4.5, 2, 1), { changed: 0, dirty: null });
  // r = 0 paints the pixel under the cursor
  assert.equal(paintDisc(m, w, h, 0.2, 8.9, 0, 1).changed, 1);
  assert.equal(m[8 * w], 1);
});

test('paintDisc clips at the border and the eraser clears', () => {
  const w = 5;
  const h = 4;
  const m = new Uint8Array(w * h);
  const r = paintDisc(m, w, h, 0, 0, 10, 1);
  assert.equal(r.changed, 20);
  const e = eraseDisc(m, w, h, 5, 4, 1.6);
  assert.deepEqual(showMask(m, w), ['#####', '#####', '####.', '###..']);
  assert.equal(e.changed, 3);
});

test('intensity-limited brush only paints pixels whose image value is within [lo, hi]', () => {
  const w = 6;
  const h = 1;
  const image = new Float32Array([0.1, 0.3, 0.5, 0.7, 0.9, 0.5]);
  const m = new Uint8Array(w);
  paintDisc(m, w, h, 3, 0.5, 10, 1, { image, lo: 0.3, hi: 0.7 });
  assert.deepEqual([...m], [0, 1, 1, 1, 0, 1]);
  eraseDisc(m, w, h, 3, 0.5, 10, { image, lo: 0.5, hi: 0.5 });
  assert.deepEqual([...m], [0, 1, 0, 1, 0, 0]);
  assert.equal(count(m), 2);
  assert.throws(() => paintDisc(m, w, h, 0, 0, 1, 1, { image, lo: 1, hi: 0 }), /bad limit/);
  assert.throws(() => paintDisc(m, w, h, NaN, 0, 1, 1), /bad disc/);
  assert.throws(() => paintDisc(m, w, h, 0, 0, 1, 2 as 1), /0 or 1/);
});
