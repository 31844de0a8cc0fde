import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { loadGrayImage } from '../../../engine/src/image/loadImage';
import { openImage } from '../../../engine/src/viewer/openImage';
import { probeImageFile } from '../../../engine/src/workspace/probeImageFile';
import { MAX_FRAME_SAMPLES } from '../../../engine/src/util/limits';

/** A valid 2x2 gray PNG whose IHDR is then patched to claim width x height (pngjs never sees it). */
function pngClaiming(width: number, height: number): Buffer {
  const png = new PNG({ width: 2, height: 2, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from([0, 64, 128, 255]);
  const b = PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** A JPEG start whose SOF0 claims width x height (nothing after it decodes). */
function jpegClaiming(width: number, height: number): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
}

const loaders = {
  viewer: (f: string) => openImage(f),
  model: (f: string) => loadGrayImage(f),
  import: (f: string) => probeImageFile(f),
};

test('one pixel cap for PNG and JPEG in the viewer, the model input and import (they were 400 MP, 200 MP and 2^25 pixels)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imagedoor-'));
  try {
    // 6000 x 6000 = 36 MP: over 2^25 samples, under both of the old 200 and 400 MP caps.
    assert.ok(6000 * 6000 > MAX_FRAME_SAMPLES);
    writeFileSync(join(dir, 'big.png'), pngClaiming(6000, 6000));
    writeFileSync(join(dir, 'big.jpg'), jpegClaiming(6000, 6000));
    for (const [who, load] of Object.entries(loaders)) {
      for (const name of ['big.png', 'big.jpg']) {
        await assert.rejects(load(join(dir, name)), (e: { code?: string; message?: string }) => {
          assert.equal(e.code, 'UNSUPPORTED_IMAGE', `${who} ${name}: ${e.message}`);
          assert.match(e.message ?? '', /image too large: (PNG|JPEG) 6000x6000/);
          return true;
        });
      }
    }
    // The same small PNG reads the same size everywhere; a damaged one is BAD_IMAGE everywhere.
    writeFileSync(join(dir, 'small.png'), pngClaiming(2, 2));
    assert.equal((await openImage(join(dir, 'small.png'))).columns, 2);
    assert.equal((await loadGrayImage(join(dir, 'small.png'))).width, 2);
    assert.equal((await probeImageFile(join(dir, 'small.png'))).width, 2);
    writeFileSync(join(dir, 'cut.png'), pngClaiming(2, 2).subarray(0, 40));
    for (const [who, load] of Object.entries(loaders)) {
      await assert.rejects(load(join(dir, 'cut.png')), (e: { code?: string }) => e.code === 'BAD_IMAGE', who);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
