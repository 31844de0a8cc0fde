import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyVoi } from '../../../engine/src/dicom/voi/applyVoi';
import { applyVoiLut } from '../../../engine/src/dicom/voi/applyVoiLut';
import { applyWindow } from '../../../engine/src/dicom/voi/applyWindow';
import { rescale } from '../../../engine/src/dicom/voi/rescale';
import { robustRange } from '../../../engine/protocol/robustRange';

test('rescale: slope and intercept (CT to HU)', () => {
  assert.deepEqual(Array.from(rescale(Int32Array.from([0, 1024, 2000]), { slope: 1, intercept: -1024 })), [-1024, 0, 976]);
  assert.deepEqual(Array.from(rescale([1, 2], { slope: 0.5, intercept: 1 })), [1.5, 2]);
  assert.throws(() => rescale([1], { slope: Number.NaN, intercept: 0 }), RangeError);
});

test('applyWindow LINEAR follows PS3.3 C.11.2.1.2.1 (center 40, width 400)', () => {
  // x <= c - 0.5 - (w-1)/2 = -160 -> 0; x > c - 0.5 + (w-1)/2 = 239 -> 1; else ((x - 39.5)/399 + 0.5).
  const out = applyWindow([-160, -159, 39.5, 239, 240], { center: 40, width: 400 });
  assert.equal(out[0], 0);
  assert.ok(Math.abs(out[1]! - (1 / 399)) < 1e-6);
  assert.ok(Math.abs(out[2]! - 0.5) < 1e-6);
  assert.ok(Math.abs(out[3]! - 1) < 1e-6);
  assert.equal(out[4], 1);
  assert.throws(() => applyWindow([1], { center: 0, width: 0 }), RangeError);
});

test('applyWindow LINEAR_EXACT and SIGMOID', () => {
  const e = applyWindow([-200, 0, 100, 200], { center: 0, width: 400 }, 'LINEAR_EXACT');
  assert.deepEqual(Array.from(e), [0, 0.5, 0.75, 1]);
  const s = applyWindow([0, 1e6, -1e6], { center: 0, width: 100 }, 'SIGMOID');
  assert.ok(Math.abs(s[0]! - 0.5) < 1e-6 && s[1] === 1 && s[2] === 0);
});

test('applyVoiLut clamps to the table and scales by the entry depth', () => {
  const lut = { firstMapped: 10, bitsPerEntry: 8, data: Uint16Array.from([0, 51, 255]) };
  assert.deepEqual(Array.from(applyVoiLut([5, 10, 11, 12, 99], lut)), [0, 0, Math.fround(0.2), 1, 1]);
});

test('applyVoi picks caller window > file window > VOI LUT > robust range', () => {
  const info = { windows: [{ center: 50, width: 101 }], voiLuts: [], voiLutFunction: 'LINEAR' as const };
  assert.equal(applyVoi([0, 100], info).voi.kind, 'window');
  assert.deepEqual(applyVoi([0, 100], info, { window: { center: 0, width: 10 } }).voi, { kind: 'window', window: { center: 0, width: 10 }, from: 'caller' });
  const none = applyVoi(Float32Array.from({ length: 1000 }, (_, i) => i), { windows: [], voiLuts: [], voiLutFunction: 'LINEAR' });
  assert.equal(none.voi.kind, 'range');
  assert.equal(none.data[0], 0);
  assert.equal(none.data[999], 1);
});

test('robustRange ignores outliers and non-finite values', () => {
  const v = Float32Array.from({ length: 10000 }, (_, i) => i % 100);
  v[0] = 1e6;
  v[1] = -1e6;
  v[2] = Number.NaN;
  const r = robustRange(v);
  assert.ok(r.min >= -1e3 && r.min <= 1, `min ${r.min}`);
  assert.ok(r.max >= 98 && r.max <= 1e3, `max ${r.max}`);
  assert.deepEqual(robustRange([5, 5, 5]), { min: 5, max: 5 });
  assert.throws(() => robustRange([1], 0.9, 0.1), RangeError);
});
