/**
 * loadGrayImage on real files: DICOM (VOI + MONOCHROME1 inversion), PNG 8/16-bit gray and RGB and
 * JPEG written at test time, typed errors for broken inputs; resizeGray on a loaded image.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import jpeg from 'jpeg-js';
import { crc32, deflateSync } from 'node:zlib';
import { EngineError } from '../../../engine/src/errors';
import { loadGrayImage } from '../../../engine/src/image/loadImage';
import { resizeGray } from '../../../engine/src/image/resizeGray';
import { SHARED } from '../../helpers/cli';
import { imageElems, writeDicom } from './helpers/writeDicom';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-loadimage-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A minimal PNG writer (filter 0, one IDAT): pngjs's packer mangles 16-bit gray input. */
function writePng(name: string, w: number, h: number, depth: 8 | 16, color: boolean, value: (x: number, y: number) => number[]): string {
  const ch = color ? 3 : 1;
  const bps = depth / 8;
  const raw = Buffer.alloc(h * (1 + w * ch * bps));
  for (let y = 0; y < h; y++) {
    const row = y * (1 + w * ch * bps);
    for (let x = 0; x < w; x++) {
      value(x, y).forEach((v, c) => {
        const o = row + 1 + (x * ch + c) * bps;
        if (depth === 16) raw.writeUInt16BE(v, o);
        else raw[o] = v;
      });
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = depth;
  ihdr[9] = color ? 2 : 0;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  const p = join(tmp, name);
  writeFileSync(p, png);
  return p;
}

describe('loadGrayImage', () => {
  test('DICOM MONOCHROME1 with a window: bright = dense after inversion, values in [0, 1]', async () => {
    const vals = [0, 1000, 2000, 4000];
    const elems = [
      ...imageElems({ rows: 1, columns: 4, bitsAllocated: 16, bitsStored: 12, photometric: 'MONOCHROME1' }),
      { tag: [0x0028, 0x1050] as [number, number], vr: 'DS', value: '2000' },
      { tag: [0x0028, 0x1051] as [number, number], vr: 'DS', value: '4000' },
      { tag: [0x7fe0, 0x0010] as [number, number], vr: 'OW', value: new Uint16Array(vals) },
    ];
    const p = join(tmp, 'm1.dcm');
    writeFileSync(p, writeDicom(elems));
    const g = await loadGrayImage(p);
    assert.equal(g.width, 4);
    assert.equal(g.source.format, 'dicom');
    assert.equal(g.data[0], 1, 'stored 0 in MONOCHROME1 is white');
    assert.equal(g.data[3], 0, 'stored 4000 is black');
    assert.ok(g.data[1]! > g.data[2]!);
  });

  test('DICOM without VOI uses a robust range; the real chest CR loads', async () => {
    const g = await loadGrayImage(join(SHARED, 'dicom', 'samples', 'chest-cr-RG1_J2KI.dcm'));
    assert.equal(g.width, 1841);
    assert.equal(g.height, 1955);
    let mn = 1;
    let mx = 0;
    for (const v of g.data) {
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
    }
    assert.ok(mn >= 0 && mx <= 1 && mx - mn > 0.3, `range ${mn}..${mx}`);
    const small = resizeGray(g, 256, 256, 'area');
    assert.equal(small.data.length, 256 * 256);
    const p = join(tmp, 'novoi.dcm');
    writeFileSync(
      p,
      writeDicom([
        ...imageElems({ rows: 10, columns: 100, bitsAllocated: 16 }),
        { tag: [0x7fe0, 0x0010], vr: 'OW', value: new Uint16Array(Array.from({ length: 1000 }, (_, i) => (i === 0 ? 60000 : 1000 + (i % 100)))) },
      ]),
    );
    const r = await loadGrayImage(p);
    assert.equal(r.source.format === 'dicom' && r.source.voi?.kind, 'range');
    assert.ok(r.data[0] === 1 && r.data[99]! > 0.9 && r.data[1]! < 0.1, 'outlier clipped, bulk spread over [0, 1]');
  });

  test('PNG 8-bit gray, 16-bit gray and 8-bit RGB', async () => {
    const g8 = await loadGrayImage(writePng('g8.png', 3, 2, 8, false, (x) => [x * 100]));
    assert.deepEqual(Array.from(g8.data.subarray(0, 3)).map((v) => Math.round(v * 255)), [0, 100, 200]);
    const g16 = await loadGrayImage(writePng('g16.png', 2, 1, 16, false, (x) => [x ? 65535 : 257]));
    assert.equal(g16.source.format === 'png' && g16.source.bitDepth, 16);
    assert.ok(Math.abs(g16.data[0]! - 257 / 65535) < 1e-7, `16-bit value ${g16.data[0]} (${g16.data[0]! * 65535})`);
    assert.equal(g16.data[1], 1);
    const rgb = await loadGrayImage(writePng('rgb.png', 1, 1, 8, true, () => [255, 0, 0]));
    assert.ok(Math.abs(rgb.data[0]! - 0.299) < 1e-6);
  });

  test('JPEG (jpeg-js) loads as luminance', async () => {
    const w = 16;
    const data = Buffer.alloc(w * w * 4);
    for (let i = 0; i < w * w; i++) data.set([128, 128, 128, 255], i * 4);
    const p = join(tmp, 'g.jpg');
    writeFileSync(p, jpeg.encode({ width: w, height: w, data }, 95).data);
    const g = await loadGrayImage(p);
    assert.equal(g.source.format, 'jpeg');
    assert.ok(Math.abs(g.data[40]! - 128 / 255) < 3 / 255);
  });

  test('broken inputs give typed errors naming the file', async () => {
    const bad = join(tmp, 'bad.png');
    writeFileSync(bad, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]));
    await assert.rejects(loadGrayImage(bad), (e: unknown) => e instanceof EngineError && e.code === 'BAD_IMAGE' && e.message.includes(bad));
    const fake = join(tmp, 'fake.jpg');
    writeFileSync(fake, 'not a jpeg');
    await assert.rejects(loadGrayImage(fake), (e: unknown) => e instanceof EngineError && e.code === 'BAD_IMAGE');
    const cut = join(tmp, 'cut.jpg');
    writeFileSync(cut, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2]));
    await assert.rejects(loadGrayImage(cut), (e: unknown) => e instanceof EngineError && e.code === 'BAD_IMAGE');
    await assert.rejects(loadGrayImage(join(tmp, 'missing.dcm')), (e: unknown) => e instanceof EngineError && e.code === 'NOT_FOUND');
    const txt = join(tmp, 'x.dcm');
    writeFileSync(txt, 'plain text');
    await assert.rejects(loadGrayImage(txt), (e: unknown) => e instanceof EngineError && e.code === 'NOT_DICOM');
  });
});
