/**
 * DICOM files built at test time with a small writer and the real wasm encoders: multi-frame native
 * with masked high bits, multi-frame J2K in several fragments without a Basic Offset Table, HTJ2K,
 * planar JPEG-LS colour, a bare data set without preamble, VOI LUT Sequence, header attributes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeDicom } from '../../../engine/src/dicom/decodeDicom';
import { frameToGray } from '../../../engine/src/dicom/frameToGray';
import { infoToJson } from '../../../engine/src/dicom/infoToJson';
import { readDicom } from '../../../engine/src/dicom/readDicom';
import { readDicomHeader } from '../../../engine/src/dicom/readDicomHeader';
import { readDicomInfo } from '../../../engine/src/dicom/readDicomInfo';
import { EngineError } from '../../../engine/src/errors';
import { encodeFrame } from './helpers/encode';
import type { Elem } from './helpers/writeDicom';
import { imageElems, u16le, writeDicom } from './helpers/writeDicom';

const W = 48;
const H = 40;

/** A deterministic test pattern: gradient + rings, values in [0, max]. */
function pattern(n: number, max: number, seed: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = i % W;
    const y = Math.floor(i / W) % H;
    out.push(Math.round(x * 7 + y * 13 + seed * 31 + ((x - 20) * (x - 20) + (y - 18) * (y - 18)) * 0.3) % (max + 1));
  }
  return out;
}

describe('synthetic DICOM files', () => {
  test('multi-frame native: 12 of 16 bits, signed, garbage in the unused high bits, MONOCHROME1, windows, spacing', async () => {
    const frames = 3;
    const vals = pattern(W * H * frames, 4095, 1).map((v) => v - 2048); // signed 12-bit range
    const cells = vals.map((v) => (v & 0x0fff) | 0xa000); // garbage above bit 11
    const elems: Elem[] = [
      ...imageElems({ rows: H, columns: W, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, photometric: 'MONOCHROME1', frames }),
      { tag: [0x0018, 0x1164], vr: 'DS', value: '0.139\\0.14' },
      { tag: [0x0028, 0x1050], vr: 'DS', value: '100\\-300' },
      { tag: [0x0028, 0x1051], vr: 'DS', value: '800\\1500' },
      { tag: [0x0028, 0x1055], vr: 'LO', value: 'SOFT\\WIDE' },
      { tag: [0x0028, 0x1052], vr: 'DS', value: '-10' },
      { tag: [0x0028, 0x1053], vr: 'DS', value: '2' },
      { tag: [0x7fe0, 0x0010], vr: 'OW', value: u16le(cells) },
    ];
    const d = await decodeDicom(writeDicom(elems), 'native12.dcm');
    assert.equal(d.frames.length, 3);
    for (let f = 0; f < frames; f++) assert.deepEqual(Array.from(d.frames[f]!), vals.slice(f * W * H, (f + 1) * W * H));
    assert.deepEqual(d.info.spacing, { row: 0.139, column: 0.14, tag: 'ImagerPixelSpacing' });
    assert.deepEqual(d.info.windows, [
      { center: 100, width: 800, explanation: 'SOFT' },
      { center: -300, width: 1500, explanation: 'WIDE' },
    ]);
    assert.deepEqual(d.info.rescale, { slope: 2, intercept: -10 });
    // One frame only, by index.
    const one = await decodeDicom(writeDicom(elems), 'native12.dcm', { frames: [2] });
    assert.deepEqual(Array.from(one.frames[0]!), vals.slice(2 * W * H));
    // Display: rescale (2v-10), first window 100/800, MONOCHROME1 inverted.
    const g = frameToGray(d.frames[0]!, d.info);
    const i = 5;
    const m = 2 * vals[i]! - 10;
    const lin = m <= 100 - 0.5 - 399.5 ? 0 : m > 100 - 0.5 + 399.5 ? 1 : (m - 99.5) / 799 + 0.5;
    assert.ok(Math.abs(g.data[i]! - (1 - lin)) < 1e-5, `${g.data[i]} vs ${1 - lin}`);
    await assert.rejects(decodeDicom(writeDicom(elems), 'native12.dcm', { frames: [3] }), (e: unknown) => e instanceof EngineError && e.code === 'BAD_REQUEST');
  });

  test('two J2K frames in three fragments each, no Basic Offset Table; and with one', async () => {
    const vals = [pattern(W * H, 65535, 2), pattern(W * H, 65535, 3)];
    const encoded = await Promise.all(vals.map((v) => encodeFrame('j2k', u16le(v), { width: W, height: H, bitsPerSample: 16, componentCount: 1 })));
    const split = (b: Uint8Array) => [b.subarray(0, 40), b.subarray(40, 100), b.subarray(100)].map((x) => x.slice());
    const frags = encoded.flatMap(split);
    for (const bot of [[], [0, frags.slice(0, 3).reduce((n, f) => n + 8 + f.length + (f.length % 2), 0)]]) {
      const elems: Elem[] = [
        ...imageElems({ rows: H, columns: W, bitsAllocated: 16, bitsStored: 16, frames: 2 }),
        { tag: [0x7fe0, 0x0010], vr: 'OB', value: { fragments: frags, bot } },
      ];
      const d = await decodeDicom(writeDicom(elems, { transferSyntax: '1.2.840.10008.1.2.4.90' }), 'j2k2.dcm');
      assert.equal(d.frames.length, 2);
      assert.deepEqual(Array.from(d.frames[0]!), vals[0]);
      assert.deepEqual(Array.from(d.frames[1]!), vals[1]);
    }
  });

  test('HTJ2K lossless (.201) decodes to the encoded samples', async () => {
    const vals = pattern(W * H, 4095, 4);
    const enc = await encodeFrame('htj2k', u16le(vals), { width: W, height: H, bitsPerSample: 12, componentCount: 1 });
    const elems: Elem[] = [
      ...imageElems({ rows: H, columns: W, bitsAllocated: 16, bitsStored: 12 }),
      { tag: [0x7fe0, 0x0010], vr: 'OB', value: { fragments: [enc], bot: [] } },
    ];
    const d = await decodeDicom(writeDicom(elems, { transferSyntax: '1.2.840.10008.1.2.4.201' }), 'htj2k.dcm');
    assert.equal(d.info.transferSyntaxName, 'High-Throughput JPEG 2000 (Lossless Only)');
    assert.deepEqual(Array.from(d.frames[0]!), vals);
  });

  test('planar (interleave mode 0) JPEG-LS RGB comes back pixel-interleaved', async () => {
    const rgb = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) {
      rgb[3 * i] = i % 251;
      rgb[3 * i + 1] = (i * 3) % 256;
      rgb[3 * i + 2] = 255 - (i % 200);
    }
    // Interleave mode 0 (none): CharLS takes (and gives back) the components plane by plane.
    const planes = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) planes[c * W * H + i] = rgb[3 * i + c]!;
    const enc = await encodeFrame('jpegls', planes, { width: W, height: H, bitsPerSample: 8, componentCount: 3 }, 0);
    const elems: Elem[] = [
      ...imageElems({ rows: H, columns: W, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'RGB' }),
      { tag: [0x7fe0, 0x0010], vr: 'OB', value: { fragments: [enc], bot: [] } },
    ];
    const d = await decodeDicom(writeDicom(elems, { transferSyntax: '1.2.840.10008.1.2.4.80' }), 'jls.dcm');
    assert.equal(d.outputSamples, 3);
    assert.deepEqual(Array.from(d.frames[0]!), Array.from(rgb));
  });

  test('native RGB with Planar Configuration 1 is interleaved', async () => {
    const n = W * H;
    const planes = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      planes[i] = i % 256;
      planes[n + i] = 7;
      planes[2 * n + i] = 200;
    }
    const elems = imageElems({ rows: H, columns: W, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'RGB' });
    elems.find((e) => e.tag[1] === 0x0006)!.value = [1];
    elems.push({ tag: [0x7fe0, 0x0010], vr: 'OB', value: planes });
    const d = await decodeDicom(writeDicom(elems), 'planar.dcm');
    assert.deepEqual(Array.from(d.frames[0]!.subarray(0, 6)), [0, 7, 200, 1, 7, 200]);
  });

  test('a bare data set without preamble decodes like the Part 10 file', async () => {
    const vals = pattern(W * H, 255, 5);
    const elems: Elem[] = [...imageElems({ rows: H, columns: W, bitsAllocated: 8 }), { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array(vals) }];
    const bare = writeDicom(elems, { bare: true });
    const d = await decodeDicom(bare, 'bare.dcm');
    assert.deepEqual(Array.from(d.frames[0]!), vals);
    assert.equal(readDicom(bare, 'bare.dcm').part10, false);
  });

  test('VOI LUT Sequence is read and used when there is no window', async () => {
    const lut = new Uint16Array(256);
    for (let i = 0; i < 256; i++) lut[i] = Math.min(4095, i * 32);
    const elems: Elem[] = [
      ...imageElems({ rows: H, columns: W, bitsAllocated: 16, bitsStored: 12 }),
      {
        tag: [0x0028, 0x3010],
        vr: 'SQ',
        value: [[
          { tag: [0x0028, 0x3002], vr: 'US', value: [256, 1000, 12] },
          { tag: [0x0028, 0x3003], vr: 'LO', value: 'TEST LUT' },
          { tag: [0x0028, 0x3006], vr: 'OW', value: lut },
        ]],
      },
      { tag: [0x7fe0, 0x0010], vr: 'OW', value: u16le(Array.from({ length: W * H }, (_, i) => 900 + (i % 400))) },
    ];
    const d = await decodeDicom(writeDicom(elems), 'voilut.dcm');
    assert.equal(d.info.voiLuts.length, 1);
    assert.equal(d.info.voiLuts[0]!.firstMapped, 1000);
    assert.equal(d.info.voiLuts[0]!.explanation, 'TEST LUT');
    const g = frameToGray(d.frames[0]!, d.info);
    assert.equal(g.voi?.kind, 'lut');
    // value 900 -> below first mapped -> lut[0] = 0; value 1010 -> lut[10] = 320 / 4095.
    assert.equal(g.data[0], 0);
    assert.ok(Math.abs(g.data[110]! - 320 / 4095) < 1e-6);
    assert.equal(g.data[399], 4095 / 4095);
  });

  test('header attributes for exporters are read, and DicomInfo stays patient-free', () => {
    const elems: Elem[] = [...imageElems({ rows: 4, columns: 4, bitsAllocated: 8 }), { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array(16) }];
    const bytes = writeDicom(elems);
    const h = readDicomHeader(bytes, 'hdr.dcm');
    assert.equal(h.PatientName, 'Test^Patient');
    assert.equal(h.PatientID, 'PID-42');
    assert.equal(h.StudyInstanceUID, '1.2.826.0.1.3680043.10.99.2');
    assert.equal(h.SOPInstanceUID, '1.2.826.0.1.3680043.10.99.1');
    assert.equal(h.Rows, '4');
    assert.equal(h.TransferSyntaxUID, '1.2.840.10008.1.2.1');
    const json = JSON.stringify(infoToJson(readDicomInfo(readDicom(bytes, 'hdr.dcm'))));
    assert.ok(!json.includes('Test^Patient') && !json.includes('PID-42') && !json.includes('1.2.826.0.1.3680043.10.99.2'), json);
  });

  test('typed errors: unsupported transfer syntax (named), bad photometric, short native data', async () => {
    const base = imageElems({ rows: H, columns: W, bitsAllocated: 8 });
    const enc = writeDicom([...base, { tag: [0x7fe0, 0x0010], vr: 'OB', value: { fragments: [new Uint8Array(100)], bot: [] } }], {
      transferSyntax: '1.2.840.10008.1.2.4.100',
    });
    await assert.rejects(decodeDicom(enc, 'mpeg.dcm'), (e: unknown) => {
      assert.ok(e instanceof EngineError);
      assert.equal(e.code, 'UNSUPPORTED_TRANSFER_SYNTAX');
      assert.match(e.message, /mpeg\.dcm: transfer syntax 1\.2\.840\.10008\.1\.2\.4\.100 \(MPEG2 Main Profile \/ Main Level\)/);
      return true;
    });
    const cmyk = imageElems({ rows: H, columns: W, bitsAllocated: 8, photometric: 'CMYK' });
    await assert.rejects(decodeDicom(writeDicom([...cmyk, { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array(W * H) }]), 'cmyk.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'UNSUPPORTED_IMAGE');
    await assert.rejects(decodeDicom(writeDicom([...base, { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array(W * H - 10) }]), 'short.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'CORRUPT' && /short\.dcm/.test(e.message));
    await assert.rejects(decodeDicom(new TextEncoder().encode('hello, not dicom at all'), 'txt.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'NOT_DICOM');
    await assert.rejects(decodeDicom(new Uint8Array(0), 'empty.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'NOT_DICOM');
  });
});
