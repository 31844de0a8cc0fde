import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeFrame } from '../../engine/protocol/wire';

test('typed arrays survive a frame round trip with type, values and alignment', () => {
  const msg = {
    kind: 'result', id: 7, method: 'x',
    value: {
      name: 'chest', pixels: new Uint16Array([0, 1, 65535, 42]), map: new Float32Array([0.5, -1.25, 3e-8]),
      odd: new Uint8Array([1, 2, 3]), sub: new Int32Array([9, 8, 7, 6]).subarray(1, 3), nested: [{ f64: new Float64Array([Math.PI]) }],
    },
  };
  const out = decodeFrame(encodeFrame(msg)) as typeof msg;
  assert.equal(out.value.name, 'chest');
  assert.ok(out.value.pixels instanceof Uint16Array);
  assert.deepEqual([...out.value.pixels], [0, 1, 65535, 42]);
  assert.deepEqual([...out.value.map], [...msg.value.map]);
  assert.deepEqual([...out.value.odd], [1, 2, 3]);
  assert.ok(out.value.sub instanceof Int32Array);
  assert.deepEqual([...out.value.sub], [8, 7]);
  assert.equal(out.value.nested[0]!.f64[0], Math.PI);
  for (const v of [out.value.pixels, out.value.map, out.value.nested[0]!.f64]) assert.equal(v.byteOffset % 8, 0);
});

test('corrupt frames are refused with a RangeError, not garbage', () => {
  const f = encodeFrame({ a: new Float32Array(4) });
  assert.throws(() => decodeFrame(f.subarray(0, f.byteLength - 8)), RangeError);
  const bad = f.slice();
  new DataView(bad.buffer).setUint32(0, 1e6, true);
  assert.throws(() => decodeFrame(bad), RangeError);
  assert.throws(() => decodeFrame(new Uint8Array(2)), RangeError);
});
