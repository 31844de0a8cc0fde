import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeCocoRle,
  decodeRleCounts,
  encodeCocoRle,
  encodeRleCounts,
  rleCountsFromString,
  rleCountsToString,
} from '../../../engine/src/export/cocoRle';

/** Row-major mask from rows of 0/1. */
function mask(rows: number[][]) {
  return { width: rows[0]!.length, height: rows.length, data: Uint8Array.from(rows.flat()) };
}

test('column-major run lengths, hand-computed', () => {
  // 3 rows x 2 columns; column-major scan: x=0 -> 0,1,0 ; x=1 -> 1,1,0  => 0 | 1 | 0 | 1 1 | 0
  const m = mask([
    [0, 1],
    [1, 1],
    [0, 0],
  ]);
  assert.deepEqual(encodeRleCounts(m), [1, 1, 1, 2, 1]);
  // Starts with a zero-length background run when pixel (0,0) is set.
  assert.deepEqual(encodeRleCounts(mask([[1, 0], [1, 0]])), [0, 2, 2]);
  assert.deepEqual(encodeRleCounts(mask([[0, 0, 0]])), [3]);
  assert.deepEqual(encodeRleCounts(mask([[1, 1], [1, 1]])), [0, 4]);
});

test('compressed string form, hand-computed (pycocotools rleToString)', () => {
  // [1,1,1,2,1]: first three as is; then 2-1=1 and 1-1=0 (deltas to the count two back, from index 3)
  assert.equal(rleCountsToString([1, 1, 1, 2, 1]), '11110');
  // 100 = 3*32 + 4: low group 4 with the continuation bit (4|32=36 -> 'T'), then 3 -> '3'
  assert.equal(rleCountsToString([100]), 'T3');
  // index 3: 2 - 5 = -3 -> 5-bit two's complement 29 (sign bit 0x10 set, no continuation) -> 'M'
  assert.equal(rleCountsToString([0, 5, 10, 2]), '05:M');
  assert.deepEqual(rleCountsFromString('11110'), [1, 1, 1, 2, 1]);
  assert.deepEqual(rleCountsFromString('T3'), [100]);
  assert.deepEqual(rleCountsFromString('05:M'), [0, 5, 10, 2]);
  assert.throws(() => rleCountsFromString('0 '), /invalid character/);
  assert.throws(() => rleCountsFromString('T'), /ends inside a count/);
});

/** An independent decoder of uncompressed counts: walk columns, then rows, toggling the value. */
function independentDecode(counts: number[], h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w);
  const flat: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) flat.push(i % 2);
  });
  assert.equal(flat.length, h * w);
  let k = 0;
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) out[y * w + x] = flat[k++]!;
  return out;
}

test('random masks round-trip through both forms and match an independent decoder', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let t = 0; t < 40; t++) {
    const w = 1 + Math.floor(rnd() * 60);
    const h = 1 + Math.floor(rnd() * 60);
    const data = new Uint8Array(w * h);
    // blobby masks with long runs (large counts exercise multi-group encoding) and noise
    const cx = rnd() * w;
    const cy = rnd() * h;
    const r = rnd() * Math.max(w, h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = (x - cx) ** 2 + (y - cy) ** 2 < r * r || rnd() < 0.05 ? 1 : 0;
    const m = { width: w, height: h, data };
    const counts = encodeRleCounts(m);
    assert.deepEqual(independentDecode(counts, h, w), data);
    assert.deepEqual(decodeRleCounts(counts, h, w).data, data);
    const c = encodeCocoRle(m);
    assert.deepEqual(c.size, [h, w]);
    assert.deepEqual(rleCountsFromString(c.counts as string), counts);
    assert.deepEqual(decodeCocoRle(c).data, data);
    assert.deepEqual(decodeCocoRle(encodeCocoRle(m, { compressed: false })).data, data);
  }
  assert.throws(() => decodeRleCounts([3, 2], 2, 2), /exceed/);
  assert.throws(() => decodeRleCounts([1, 2], 2, 2), /sum to 3/);
});
