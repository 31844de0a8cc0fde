import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lungOutlineRgba, outlineThickness } from '../../../renderer/src/lib/viewer/lungOutline';

function rows(mask: Uint8Array, rgba: Uint8ClampedArray, w: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < mask.length / w; y++) {
    let r = '';
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      r += rgba[i * 4 + 3] ? 'o' : mask[i] ? '#' : '.';
    }
    out.push(r);
  }
  return out;
}

test('lungOutlineRgba paints the mask border (image border counts as outside) and nothing else', () => {
  const w = 7;
  const h = 6;
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < 5; y++) for (let x = 1; x < 6; x++) mask[y * w + x] = 1;
  const rgba = lungOutlineRgba(mask, w, h, 1, [255, 196, 0]);
  assert.deepEqual(rows(mask, rgba, w), ['.ooooo.', '.o###o.', '.o###o.', '.o###o.', '.ooooo.', '.......']);
  assert.deepEqual([...rgba.subarray(8 * 4, 8 * 4 + 4)], [255, 196, 0, 255]);
  const thick = lungOutlineRgba(mask, w, h, 2, [1, 2, 3]);
  assert.deepEqual(rows(mask, thick, w), ['.ooooo.', '.ooooo.', '.oo#oo.', '.ooooo.', '.ooooo.', '.......']);
  assert.throws(() => lungOutlineRgba(mask, w, h, 0, [0, 0, 0]), /thickness/);
  assert.throws(() => lungOutlineRgba(mask, w, h + 1, 1, [0, 0, 0]), /values/);
});

test('outlineThickness grows with the image so the outline stays visible when fitted', () => {
  assert.equal(outlineThickness(256, 256), 1);
  assert.equal(outlineThickness(1841, 1955), 4);
});
