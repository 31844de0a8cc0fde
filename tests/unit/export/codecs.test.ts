import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildManifestCsv } from '../../../engine/src/export/manifestCsv';
import { maskBbox } from '../../../engine/src/export/cocoDataset';
import { orientationAxes, rotationToQuaternion } from '../../../engine/src/export/niftiMask';
import { fromHalfBits, toHalfBits } from '../../../engine/src/workspace/float16';
import { decodeMask, encodeMask, packBits, unpackBits } from '../../../engine/src/workspace/maskCodec';

test('bit packing is LSB first (DICOM BINARY SEG order)', () => {
  const d = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  assert.deepEqual([...packBits(d)], [0b00000001, 0b00000110]);
  assert.deepEqual(unpackBits(packBits(d), 11), d);
  assert.deepEqual(unpackBits(Uint8Array.from([0b10000000, 0b1]), 2, 7), Uint8Array.from([1, 1]));
});

test('mask blobs round-trip and junk is refused', () => {
  const data = new Uint8Array(37 * 23);
  for (let i = 0; i < data.length; i += 3) data[i] = 1;
  const m = { width: 37, height: 23, data };
  assert.deepEqual(decodeMask(encodeMask(m)), m);
  assert.throws(() => decodeMask(Buffer.from('hello world!!')), /TGM1/);
});

test('float16 conversion: exact values, rounding, extremes', () => {
  for (const v of [0, 1, -1, 0.5, 2048, 65504, -0.25, 2 ** -24]) assert.equal(fromHalfBits(toHalfBits(v)), v);
  assert.equal(toHalfBits(1), 0x3c00);
  assert.equal(toHalfBits(65520), 0x7c00); // rounds to +Infinity
  assert.equal(fromHalfBits(toHalfBits(1e6)), Infinity);
  assert.ok(Number.isNaN(fromHalfBits(toHalfBits(NaN))));
  assert.ok(Math.abs(fromHalfBits(toHalfBits(0.1)) - 0.1) < 1e-4);
});

test('NIfTI orientation: L/F radiograph axes and their quaternion', () => {
  const { i, j, k, assumed } = orientationAxes(['L', 'F']);
  assert.deepEqual([i, j, k, assumed], [[-1, 0, 0], [0, 0, -1], [0, -1, 0], false]);
  assert.equal(orientationAxes(undefined).assumed, true);
  assert.equal(orientationAxes(['L', 'L']).assumed, true);
  const [b, c, d] = rotationToQuaternion(i, j, k);
  // Rebuild R from the quaternion (NIfTI-1 formula) and compare with the columns.
  const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
  const R = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const cols = [i, j, k];
  for (let r = 0; r < 3; r++) for (let col = 0; col < 3; col++) assert.ok(Math.abs(R[r]![col]! - cols[col]![r]!) < 1e-9, `R[${r}][${col}]`);
  assert.deepEqual(rotationToQuaternion([1, 0, 0], [0, 1, 0], [0, 0, 1]), [0, 0, 0]);
});

test('bbox and manifest quoting', () => {
  const data = new Uint8Array(5 * 4);
  data[1 * 5 + 2] = 1;
  data[3 * 5 + 4] = 1;
  assert.deepEqual(maskBbox({ width: 5, height: 4, data }), [2, 1, 3, 3]);
  assert.deepEqual(maskBbox({ width: 5, height: 4, data: new Uint8Array(20) }), [0, 0, 0, 0]);
  const csv = buildManifestCsv([
    { index: 1, image_id: 7, source: '/a,b/"c".dcm', label: 'abnormal', status: 'edited', author: 'x', model: null, algorithm_type: 'MANUAL', mask_area: 3, png: 'masks/img000007.png', seg: null, nifti: null, image_copy: null, coco_image_id: 7 },
  ]);
  assert.equal(csv.split('\n')[1], '1,7,"/a,b/""c"".dcm",abnormal,edited,x,,MANUAL,3,masks/img000007.png,,,,7');
});
