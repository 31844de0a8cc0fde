import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { EngineCallError, type EngineClient } from '../../../engine/protocol/client';
import type { OpenedColorImage, OpenedGrayImage } from '../../../engine/protocol/image';
import { SHARED } from '../../helpers/cli';
import { inProcessClient } from './engineClient';

const CHEST = join(SHARED, 'dicom/samples/chest-cr-RG1_J2KI.dcm');
const CONF = join(SHARED, 'dicom/conformance');
const expected = JSON.parse(readFileSync(join(CONF, 'expected.json'), 'utf8')) as Record<string, { min?: number; max?: number }>;

async function rejects(p: Promise<unknown>, code: string, fileBit: string): Promise<EngineCallError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EngineCallError, `expected EngineCallError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.includes(fileBit), `message "${e.message}" should name ${fileBit}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('image.open (real engine, in-process transport)', () => {
  let client: EngineClient;
  let tmp: string;
  before(() => {
    client = inProcessClient();
    tmp = mkdtempSync(join(tmpdir(), 'taggan-image-open-'));
  });
  after(() => {
    client.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('chest CR (MONOCHROME1, 15-bit JPEG 2000): Uint16 stored values, invert, window, geometry', async () => {
    const img = await client.call('image.open', { path: CHEST });
    assert.equal(img.kind, 'gray');
    const g = img as OpenedGrayImage;
    assert.equal(g.format, 'dicom');
    assert.equal(g.fileName, 'chest-cr-RG1_J2KI.dcm');
    assert.equal(g.rows, 1955);
    assert.equal(g.columns, 1841);
    assert.ok(g.pixels instanceof Uint16Array, `pixels are ${g.pixels.constructor.name}`);
    assert.equal(g.pixels.length, 1955 * 1841);
    assert.equal(g.invert, true);
    assert.equal(g.modality, 'CR');
    assert.equal(g.bitsStored, 15);
    assert.deepEqual(g.rescale, { slope: 1, intercept: 0 });
    assert.deepEqual(g.windows.map((w) => [w.center, w.width]), [[15000, 30000]]);
    let mn = Infinity;
    let mx = -Infinity;
    for (const v of g.pixels) {
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    assert.equal(g.minStored, mn);
    assert.equal(g.maxStored, mx);
    assert.ok(mx < 2 ** 15 && mn >= 0);
    assert.ok(g.fileSize > 100_000);
    assert.ok(g.decodeMs > 0);
    assert.equal(g.dicom?.photometric, 'MONOCHROME1');
  });

  test('signed CT: Int16 values equal the reference min/max, rescale and spacing kept', async () => {
    const name = 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm';
    const g = (await client.call('image.open', { path: join(CONF, name) })) as OpenedGrayImage;
    assert.ok(g.pixels instanceof Int16Array, `pixels are ${g.pixels.constructor.name}`);
    const ref = expected[name];
    assert.ok(ref && typeof ref.min === 'number' && typeof ref.max === 'number', `expected.json has no min/max for ${name}`);
    assert.equal(g.minStored, ref.min);
    assert.equal(g.maxStored, ref.max);
    assert.equal(g.rescale.intercept, -1024);
    assert.equal(g.invert, false);
    assert.ok(g.spacing && Math.abs(g.spacing.row - 0.675781) < 1e-6);
  });

  test('8-bit DX (MONOCHROME1) travels as Uint8', async () => {
    const g = (await client.call('image.open', { path: join(SHARED, 'dicom/samples/dx_image.dcm') })) as OpenedGrayImage;
    assert.ok(g.pixels instanceof Uint8Array);
    assert.equal(g.invert, true);
    assert.equal(g.pixels.length, 169 * 211);
  });

  test('RGB and palette colour become 8-bit RGB; palette through its LUT', async () => {
    const rgb = (await client.call('image.open', { path: join(CONF, 'TestPattern_RGB.dcm') })) as OpenedColorImage;
    assert.equal(rgb.kind, 'rgb');
    assert.equal(rgb.colorSource, 'rgb');
    assert.equal(rgb.pixels.length, 640 * 400 * 3);
    const pal = (await client.call('image.open', { path: join(CONF, 'TestPattern_Palette.dcm') })) as OpenedColorImage;
    assert.equal(pal.kind, 'rgb');
    assert.equal(pal.colorSource, 'palette');
    assert.equal(pal.pixels.length, 640 * 400 * 3);
    // The palette test pattern has colour: some pixel has R != G or G != B.
    let coloured = 0;
    for (let i = 0; i < pal.pixels.length; i += 3) if (pal.pixels[i] !== pal.pixels[i + 1] || pal.pixels[i + 1] !== pal.pixels[i + 2]) coloured++;
    assert.ok(coloured > 1000, `only ${coloured} coloured pixels`);
  });

  test('multi-frame (3-frame 1-bit SEG): frame 2 opens, frame 3 is refused naming the file', async () => {
    const file = join(SHARED, 'dicom/samples/seg-liver.dcm');
    const f2 = (await client.call('image.open', { path: file, frame: 2 })) as OpenedGrayImage;
    assert.equal(f2.frame, 2);
    assert.equal(f2.frames, 3);
    assert.ok(f2.pixels instanceof Uint8Array);
    assert.ok(f2.maxStored <= 1);
    await rejects(client.call('image.open', { path: file, frame: 3 }), 'BAD_REQUEST', 'seg-liver.dcm');
  });

  test('8- and 16-bit grayscale PNG keep their values; colour PNG is RGB; JPEG decodes', async () => {
    const png8 = new PNG({ width: 4, height: 3, colorType: 0, inputColorType: 0, bitDepth: 8 });
    for (let i = 0; i < 12; i++) png8.data[i] = i * 20;
    const p8 = join(tmp, 'gray8.png');
    writeFileSync(p8, PNG.sync.write(png8, { colorType: 0, inputColorType: 0, bitDepth: 8 }));
    const g8 = (await client.call('image.open', { path: p8 })) as OpenedGrayImage;
    assert.equal(g8.format, 'png');
    assert.ok(g8.pixels instanceof Uint8Array);
    assert.deepEqual([...g8.pixels], Array.from({ length: 12 }, (_, i) => i * 20));

    const png16 = new PNG({ width: 3, height: 2, colorType: 0, inputColorType: 0, bitDepth: 16 });
    const vals = [0, 300, 1000, 40000, 65535, 12345];
    // pngjs packs 16-bit input from a Uint16-like array in `data`; write big-endian samples ourselves.
    const raw = new Uint16Array(vals);
    (png16 as unknown as { data: Uint16Array }).data = raw;
    const p16 = join(tmp, 'gray16.png');
    writeFileSync(p16, PNG.sync.write(png16, { colorType: 0, inputColorType: 0, bitDepth: 16 }));
    const g16 = (await client.call('image.open', { path: p16 })) as OpenedGrayImage;
    assert.ok(g16.pixels instanceof Uint16Array, `pixels are ${g16.pixels.constructor.name}`);
    assert.deepEqual([...g16.pixels], vals);
    assert.equal(g16.bitsStored, 16);

    const rgba = new PNG({ width: 2, height: 1 });
    rgba.data.set([255, 0, 0, 255, 0, 0, 255, 255]);
    const pc = join(tmp, 'colour.png');
    writeFileSync(pc, PNG.sync.write(rgba));
    const c = (await client.call('image.open', { path: pc })) as OpenedColorImage;
    assert.equal(c.kind, 'rgb');
    assert.deepEqual([...c.pixels], [255, 0, 0, 0, 0, 255]);

    const jp = join(tmp, 'gray.jpg');
    const jdata = Buffer.alloc(16 * 16 * 4, 128);
    writeFileSync(jp, jpeg.encode({ data: jdata, width: 16, height: 16 }, 95).data);
    const j = (await client.call('image.open', { path: jp })) as OpenedGrayImage;
    assert.equal(j.format, 'jpeg');
    assert.equal(j.kind, 'gray');
    assert.ok(Math.abs(j.pixels[0]! - 128) <= 2);
  });

  test('a real NIH chest PNG opens as 8-bit grayscale', async (t) => {
    const file = join(SHARED, 'data/nih-cxr/normal/00001280_004.png');
    if (!existsSync(file)) return t.skip(`${file} not present`);
    const g = (await client.call('image.open', { path: file })) as OpenedGrayImage;
    assert.equal(g.kind, 'gray');
    assert.equal(g.rows, 512);
    assert.ok(g.pixels instanceof Uint8Array);
  });

  test('bad input gives typed errors naming the file', async () => {
    await rejects(client.call('image.open', { path: join(CONF, 'no-pixel-data.dcm') }), 'NO_PIXEL_DATA', 'no-pixel-data.dcm');
    await rejects(client.call('image.open', { path: join(tmp, 'nope.dcm') }), 'NOT_FOUND', 'nope.dcm');
    await rejects(client.call('image.open', { path: tmp }), 'BAD_REQUEST', tmp);
    await rejects(client.call('image.open', { path: 'relative/file.dcm' }), 'BAD_REQUEST', 'relative/file.dcm');
    const txt = join(tmp, 'notes.txt');
    writeFileSync(txt, 'hello, not an image');
    await rejects(client.call('image.open', { path: txt }), 'BAD_IMAGE', 'notes.txt');
    const empty = join(tmp, 'empty.dcm');
    writeFileSync(empty, '');
    await rejects(client.call('image.open', { path: empty }), 'BAD_IMAGE', 'empty.dcm');
    const badPng = join(tmp, 'broken.png');
    writeFileSync(badPng, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]));
    await rejects(client.call('image.open', { path: badPng }), 'BAD_IMAGE', 'broken.png');
    const cut = join(tmp, 'cut.dcm');
    writeFileSync(cut, readFileSync(CHEST).subarray(0, 5000));
    await assert.rejects(client.call('image.open', { path: cut }), (x: EngineCallError) =>
      (x.code === 'TRUNCATED' || x.code === 'CORRUPT') && x.message.includes('cut.dcm'));
    // params are validated
    await assert.rejects(client.call('image.open', { path: CHEST, frame: -1 }), (x: EngineCallError) => x.code === 'BAD_REQUEST');
    await assert.rejects(client.call('image.open', { path: CHEST, extra: 1 } as never), (x: EngineCallError) => x.code === 'BAD_REQUEST');
  });

  test('a FIFO is refused without blocking', async (t) => {
    const fifo = join(tmp, 'pipe.dcm');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return t.skip('mkfifo not available');
    }
    await rejects(client.call('image.open', { path: fifo }), 'BAD_REQUEST', 'pipe.dcm');
  });
});
