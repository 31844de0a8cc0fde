import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { displayWindowRule } from '../../../engine/protocol/displayWindow';
import type { OpenedGrayImage } from '../../../engine/protocol/image';
import { applyVoi } from '../../../engine/src/dicom/voi/applyVoi';
import { pngToGray } from '../../../engine/src/image/loadImage';
import { openImage } from '../../../engine/src/viewer/openImage';
import { initialWindow } from '../../../renderer/src/lib/viewer/buildCornerstoneImage';

/** A DICOM-like gray frame: values 1000..1999 plus two extreme pixels, no window, no VOI LUT. */
function frame(slope: number, intercept: number): OpenedGrayImage {
  const pixels = new Int32Array(2000);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 1000 + (i % 1000);
  pixels[0] = 0;
  pixels[1] = 60000;
  return {
    kind: 'gray', path: '/x/a.dcm', fileName: 'a.dcm', format: 'dicom', fileSize: 1, frame: 0, frames: 1, rows: 40, columns: 50,
    pixels, minStored: 0, maxStored: 60000, bitsStored: 16, rescale: { slope, intercept }, windows: [], invert: false, decodeMs: 0,
  };
}

test('the display-window rule: file window, else VOI LUT, else PNG/JPEG bit depth, else the robust range', () => {
  assert.deepEqual(displayWindowRule({ format: 'dicom', windows: 2, voiLut: true, bits: 12 }), { kind: 'window', index: 0 });
  assert.deepEqual(displayWindowRule({ format: 'dicom', windows: 0, voiLut: true, bits: 12 }), { kind: 'lut' });
  assert.deepEqual(displayWindowRule({ format: 'png', windows: 0, voiLut: false, bits: 16 }), { kind: 'bit-depth', min: 0, max: 65535 });
  assert.deepEqual(displayWindowRule({ format: 'dicom', windows: 0, voiLut: false, bits: 12 }), { kind: 'robust-range', quantiles: [0.005, 0.995] });
});

test('a DICOM without VOI: the viewer opens on the robust range the model uses (it opened on min..max, outliers included)', () => {
  for (const [slope, intercept] of [[1, 0], [2, -1024], [-1, 0]] as const) {
    const img = frame(slope, intercept);
    const w = initialWindow(img);
    const modality = Float64Array.from(img.pixels, (v) => v * slope + intercept);
    const { voi } = applyVoi(modality, { windows: [], voiLuts: [], voiLutFunction: 'LINEAR' });
    assert.equal(voi.kind, 'range');
    if (voi.kind !== 'range') return;
    const tol = (Math.abs(slope) * 60000) / 4096; // robustRange's histogram step
    assert.ok(Math.abs(w.center - w.width / 2 - voi.min) <= tol, `low end, slope ${slope}: ${w.center - w.width / 2} vs ${voi.min}`);
    assert.ok(Math.abs(w.center + w.width / 2 - voi.max) <= tol, `high end, slope ${slope}: ${w.center + w.width / 2} vs ${voi.max}`);
    // Far inside the outliers: min..max would have been 0..60000 (x slope).
    assert.ok(w.width < Math.abs(slope) * 1100, `slope ${slope}: width ${w.width}`);
  }
});

test('a PNG: the viewer opens on 0..2^bits-1 and the model divides by 2^bits-1 (it opened on min..max)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'displaywindow-'));
  try {
    const png = new PNG({ width: 4, height: 1, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    png.data = Buffer.from([40, 60, 80, 100]);
    const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    writeFileSync(join(dir, 'a.png'), bytes);
    const opened = await openImage(join(dir, 'a.png'));
    assert.equal(opened.kind, 'gray');
    if (opened.kind !== 'gray') return;
    const w = initialWindow(opened);
    assert.deepEqual(w, { center: 127.5, width: 255 });
    const gray = pngToGray(bytes, 'a.png');
    for (let i = 0; i < 4; i++) {
      const viewer = (opened.pixels[i]! - (w.center - w.width / 2)) / w.width;
      assert.ok(Math.abs(viewer - gray.data[i]!) < 1e-6, `pixel ${i}: viewer ${viewer}, model ${gray.data[i]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
