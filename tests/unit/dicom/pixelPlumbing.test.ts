import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandYbr422 } from '../../../engine/src/dicom/color/expandYbr422';
import { planarToInterleaved } from '../../../engine/src/dicom/color/planarToInterleaved';
import { ybrToRgb } from '../../../engine/src/dicom/color/ybrToRgb';
import { j2kGeometry, jpegGeometry } from '../../../engine/src/dicom/codecs/codestreamGeometry';
import { decodeNative } from '../../../engine/src/dicom/decodeNative';
import { decodeRle } from '../../../engine/src/dicom/decodeRle';
import { encapsulatedFrames } from '../../../engine/src/dicom/encapsulatedFrames';
import { toStoredValues } from '../../../engine/src/dicom/storedValues';
import { EngineError } from '../../../engine/src/errors';

test('toStoredValues: high-bit shift, Bits Stored mask, sign extension', () => {
  // 12 bits stored at bits 11..0 with garbage above; signed.
  assert.deepEqual(Array.from(toStoredValues(Int32Array.from([0xf800, 0x07ff, 0x0fff, 0x0001]), 12, 11, true)), [-2048, 2047, -1, 1]);
  // Unsigned: garbage removed.
  assert.deepEqual(Array.from(toStoredValues(Int32Array.from([0xf800, 0x0fff]), 12, 11, false)), [0x800, 0xfff]);
  // High bit 15 with 12 stored: the sample sits in bits 15..4.
  assert.deepEqual(Array.from(toStoredValues(Int32Array.from([0xfff0, 0x0010]), 12, 15, true)), [-1, 1]);
  // 16-bit signed from raw cells.
  assert.deepEqual(Array.from(toStoredValues(Int32Array.from([0xffff, 0x8000]), 16, 15, true)), [-1, -32768]);
});

test('decodeNative: little/big endian 16-bit, 1-bit packed across frames, short data refused', () => {
  const le = new Uint8Array([0x34, 0x12, 0xff, 0xff]);
  assert.deepEqual(Array.from(decodeNative(le, { rows: 1, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, bigEndian: false }, 0)), [0x1234, 0xffff]);
  assert.deepEqual(Array.from(decodeNative(le, { rows: 1, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, bigEndian: true }, 0)), [0x3412, 0xffff]);
  // 3x1 pixels, 2 frames in one byte: bits 0..2 frame 0, 3..5 frame 1 (LSB first).
  const bits = new Uint8Array([0b00101101]);
  const l = { rows: 1, columns: 3, samplesPerPixel: 1, bitsAllocated: 1, bigEndian: false };
  assert.deepEqual(Array.from(decodeNative(bits, l, 0)), [1, 0, 1]);
  assert.deepEqual(Array.from(decodeNative(bits, l, 1)), [1, 0, 1]);
  assert.throws(() => decodeNative(le, { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, bigEndian: false }, 0), RangeError);
});

/** PackBits-encodes `bytes` as literal runs (max 128) - enough for a test stream. */
function packLiteral(bytes: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 128) {
    const run = bytes.slice(i, i + 128);
    out.push(run.length - 1, ...run);
  }
  return out;
}

function rleFrame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, segments.length, true);
  let off = 64;
  segments.forEach((s, i) => {
    dv.setUint32(4 + 4 * i, off, true);
    off += s.length;
  });
  return new Uint8Array([...header, ...segments.flat()]);
}

test('decodeRle: 16-bit byte planes (MSB first), replicate runs, RGB interleaving, errors', () => {
  const vals = [0x0102, 0x0304, 0xffee, 0x0000];
  const hi = vals.map((v) => v >> 8);
  const lo = vals.map((v) => v & 0xff);
  assert.deepEqual(Array.from(decodeRle(rleFrame([packLiteral(hi), packLiteral(lo)]), 2, 2, 1, 16)), vals);
  // Replicate run: -3 (0xfd) repeats the next byte 4 times.
  assert.deepEqual(Array.from(decodeRle(rleFrame([[0xfd, 9]]), 2, 2, 1, 8)), [9, 9, 9, 9]);
  const rgb = decodeRle(rleFrame([[0xff, 1], [0xff, 2], [0xff, 3]]), 1, 2, 3, 8);
  assert.deepEqual(Array.from(rgb), [1, 2, 3, 1, 2, 3]);
  assert.throws(() => decodeRle(rleFrame([[0xfe, 9]]), 2, 2, 1, 8), /decodes to 3 bytes/);
  assert.throws(() => decodeRle(rleFrame([[0xfd, 9], [0xfd, 9]]), 2, 2, 1, 8), /lists 2 segments/);
  assert.throws(() => decodeRle(new Uint8Array(10), 1, 1, 1, 8), /shorter than its 64-byte header/);
});

test('colour: YBR_FULL -> RGB matches the standard matrix; 422 expansion; planar -> interleaved', () => {
  // White, black, pure red in YCbCr (JFIF): red = (76.245, 84.972, 255.5) approx.
  const ybr = Int32Array.from([255, 128, 128, 0, 128, 128, 76, 85, 255]);
  const rgb = ybrToRgb(ybr);
  assert.deepEqual(Array.from(rgb.subarray(0, 6)), [255, 255, 255, 0, 0, 0]);
  assert.ok(rgb[6]! >= 253 && rgb[7]! <= 2 && rgb[8]! <= 2, `red came back as ${Array.from(rgb.subarray(6))}`);
  assert.deepEqual(Array.from(expandYbr422(Int32Array.from([10, 20, 100, 200]), 1, 2)), [10, 100, 200, 20, 100, 200]);
  assert.throws(() => expandYbr422(new Int32Array(6), 1, 3), /even number of columns/);
  assert.deepEqual(Array.from(planarToInterleaved(Int32Array.from([1, 2, 3, 4, 5, 6]), 2, 3)), [1, 3, 5, 2, 4, 6]);
});

test('codestream geometry: JPEG SOF and J2K SIZ headers', () => {
  // SOI, APP0 (len 4), SOF3 precision 16, 512x256, 1 component.
  const jpg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc3, 0, 11, 16, 1, 0, 2, 0, 1, 1, 0x11, 0]);
  assert.deepEqual(jpegGeometry(jpg), { precision: 16, height: 256, width: 512, components: 1, marker: 0xc3 });
  assert.equal(jpegGeometry(new Uint8Array([1, 2, 3, 4])), undefined);
  const siz = new Uint8Array(4 + 38 + 3);
  siz.set([0xff, 0x4f, 0xff, 0x51, 0, 41, 0, 0]);
  const dv = new DataView(siz.buffer);
  dv.setUint32(8, 300);
  dv.setUint32(12, 200);
  dv.setUint32(16, 10);
  dv.setUint32(20, 0);
  dv.setUint16(40, 1);
  siz[42] = 11; // 12-bit unsigned
  assert.deepEqual(j2kGeometry(siz), { width: 290, height: 200, components: 1, precision: 12, marker: 0x51 });
});

test('encapsulatedFrames: one frame, BOT, one fragment per frame, marker split, errors', () => {
  const bytes = new Uint8Array(100);
  bytes.set([0xff, 0xd8, 0xff], 10);
  bytes.set([0xff, 0xd8, 0xff], 40);
  const frag = (offset: number, position: number, length: number) => ({ offset, position, length });
  const el = (fragments: ReturnType<typeof frag>[], bot: number[] = []) => ({ tag: 'x7fe00010', length: 0, dataOffset: 0, encapsulatedPixelData: true, fragments, basicOffsetTable: bot });
  const f3 = [frag(0, 10, 10), frag(18, 28, 4), frag(30, 40, 20)];
  assert.equal(encapsulatedFrames(bytes, el(f3), 1, 'f')[0]!.length, 34);
  const byBot = encapsulatedFrames(bytes, el(f3, [0, 30]), 2, 'f');
  assert.deepEqual(byBot.map((b) => b.length), [14, 20]);
  const byMarker = encapsulatedFrames(bytes, el(f3), 2, 'f');
  assert.deepEqual(byMarker.map((b) => b.length), [14, 20]);
  assert.deepEqual(encapsulatedFrames(bytes, el(f3), 3, 'f').map((b) => b.length), [10, 4, 20]);
  assert.throws(() => encapsulatedFrames(bytes, el([frag(0, 90, 20)]), 1, 'f'), (e: unknown) => e instanceof EngineError && e.code === 'TRUNCATED');
  assert.throws(() => encapsulatedFrames(bytes, el(f3), 4, 'f'), (e: unknown) => e instanceof EngineError && e.code === 'CORRUPT');
});
