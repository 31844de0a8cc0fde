import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OpenedColorImage, OpenedGrayImage } from '../../../engine/protocol/image';
import { buildCornerstoneImage, initialWindow } from '../../../renderer/src/lib/viewer/buildCornerstoneImage';
import { parseImageId, toImageId } from '../../../renderer/src/lib/viewer/imageId';
import { modalityQuantiles } from '../../../renderer/src/lib/viewer/modalityQuantiles';
import { pixelReadout } from '../../../renderer/src/lib/viewer/pixelReadout';
import { rgbToRgba } from '../../../renderer/src/lib/viewer/rgbToRgba';
import { actionForKey, SHORTCUTS } from '../../../renderer/src/lib/viewer/shortcuts';
import { dragWindow, quarterTurn, wheelFactor, windowSensitivity, zoomScale } from '../../../renderer/src/lib/viewer/viewportMath';
import { windowPresets } from '../../../renderer/src/lib/viewer/windowPresets';

function gray(over: Partial<OpenedGrayImage> = {}): OpenedGrayImage {
  const pixels = over.pixels ?? Uint16Array.from([10, 20, 30, 40, 50, 60]);
  return {
    kind: 'gray', path: '/x/a.dcm', fileName: 'a.dcm', format: 'dicom', fileSize: 100, frame: 0, frames: 1,
    rows: 2, columns: 3, pixels, minStored: 10, maxStored: 60, bitsStored: 12,
    rescale: { slope: 1, intercept: 0 }, windows: [], invert: false, decodeMs: 1, ...over,
  };
}

describe('imageId', () => {
  test('round-trips paths with spaces, #, ? and unicode', () => {
    for (const path of ['/a b/c#d?.dcm', '/données/ÿ.png', 'C:\\x\\y.dcm']) {
      assert.deepEqual(parseImageId(toImageId({ path, frame: 3 })), { path, frame: 3 });
    }
    assert.throws(() => parseImageId('wadouri:http://x'), /not a taggan image id/);
    assert.throws(() => toImageId({ path: '/a', frame: -1 }), /bad frame/);
  });
});

describe('buildCornerstoneImage', () => {
  test('grayscale: stored values, range, rescale, file window, MONOCHROME1 invert, spacing', () => {
    const img = gray({ invert: true, windows: [{ center: 35, width: 50 }], rescale: { slope: 2, intercept: -5 }, spacing: { row: 0.2, column: 0.3, tag: 'PixelSpacing' } });
    const cs = buildCornerstoneImage('taggan:x?frame=0', img);
    assert.equal(cs.getPixelData(), img.pixels);
    assert.equal(cs.minPixelValue, 10);
    assert.equal(cs.maxPixelValue, 60);
    assert.equal(cs.slope, 2);
    assert.equal(cs.intercept, -5);
    assert.equal(cs.windowCenter, 35);
    assert.equal(cs.windowWidth, 50);
    assert.equal(cs.invert, true);
    assert.equal(cs.color, false);
    assert.equal(cs.rowPixelSpacing, 0.2);
    assert.equal(cs.columnPixelSpacing, 0.3);
    assert.equal(cs.sizeInBytes, 12);
    assert.equal(cs.rows, 2);
    assert.equal(cs.width, 3);
  });
  test('without a file window or VOI LUT the initial window is the robust range (with 6 pixels, the full modality range)', () => {
    assert.deepEqual(initialWindow(gray({ rescale: { slope: 2, intercept: -5 } })), { center: 65, width: 100 });
    assert.deepEqual(initialWindow(gray({ rescale: { slope: -1, intercept: 0 } })), { center: -35, width: 50 });
  });
  test('a VOI LUT is used only when the file has no window', () => {
    const voiLut = { firstMapped: 0, bitsPerEntry: 8, data: Uint16Array.from([0, 255]) };
    assert.ok(buildCornerstoneImage('i', gray({ voiLut })).voiLUT);
    assert.equal(buildCornerstoneImage('i', gray({ voiLut, windows: [{ center: 1, width: 2 }] })).voiLUT, undefined);
  });
  test('colour: RGBA bytes with opaque alpha, 0..255 identity window', () => {
    const c: OpenedColorImage = {
      kind: 'rgb', colorSource: 'rgb', path: '/p.png', fileName: 'p.png', format: 'png', fileSize: 1, frame: 0, frames: 1,
      rows: 1, columns: 2, pixels: Uint8Array.from([1, 2, 3, 4, 5, 6]), decodeMs: 0,
    };
    const cs = buildCornerstoneImage('i', c);
    assert.equal(cs.color, true);
    assert.equal(cs.rgba, true);
    assert.deepEqual([...cs.getPixelData()], [1, 2, 3, 255, 4, 5, 6, 255]);
    assert.equal(cs.sizeInBytes, 8);
  });
  test('wrong pixel counts are refused naming the file', () => {
    assert.throws(() => buildCornerstoneImage('i', gray({ rows: 3 })), /a\.dcm/);
  });
  test('rgbToRgba refuses a partial pixel', () => {
    assert.throws(() => rgbToRgba(new Uint8Array(4)), /multiple of 3/);
  });
});

describe('modalityQuantiles and windowPresets', () => {
  test('quantiles are exact on integer data and in modality units', () => {
    const px = Uint16Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    const q = modalityQuantiles(px, 1, 100, { slope: 1, intercept: 0 });
    assert.equal(q(0), 1);
    assert.equal(q(0.5), 50);
    assert.equal(q(0.99), 99);
    assert.equal(q(1), 100);
    const qr = modalityQuantiles(px, 1, 100, { slope: 2, intercept: -1000 });
    assert.equal(qr(0.5), -900);
    assert.throws(() => q(1.5), /outside/);
  });
  test('signed values work', () => {
    const q = modalityQuantiles(Int16Array.from([-5, -5, 0, 7]), -5, 7, { slope: 1, intercept: 0 });
    assert.equal(q(0.5), -5);
    assert.equal(q(0.75), 0);
    assert.equal(q(1), 7);
  });
  test('file windows first, then full and auto; HU images get the standard HU windows', () => {
    const q = (p: number) => p * 1000;
    const ct = windowPresets({ windows: [{ center: 40, width: 400, explanation: 'SOFT' }], modality: 'CT', rescale: { slope: 1, intercept: -1024 }, invert: false }, q);
    assert.deepEqual(ct.map((p) => p.id), ['file-0', 'full', 'auto', 'lung', 'mediastinum', 'bone']);
    assert.equal(ct[0]!.label, 'File: SOFT');
    assert.deepEqual(ct.find((p) => p.id === 'lung'), { id: 'lung', label: 'Lung', center: -600, width: 1500 });
    assert.deepEqual(ct.find((p) => p.id === 'full'), { id: 'full', label: 'Full range', center: 500, width: 1000 });
  });
  test('radiograph lung/bone follow attenuation order, flipped for MONOCHROME1', () => {
    const q = (p: number) => p * 1000;
    const mono2 = windowPresets({ windows: [], modality: 'DX', rescale: { slope: 1, intercept: 0 }, invert: false }, q);
    const mono1 = windowPresets({ windows: [], modality: 'CR', rescale: { slope: 1, intercept: 0 }, invert: true }, q);
    const lung2 = mono2.find((p) => p.id === 'lung')!;
    const lung1 = mono1.find((p) => p.id === 'lung')!;
    const bone2 = mono2.find((p) => p.id === 'bone')!;
    const bone1 = mono1.find((p) => p.id === 'bone')!;
    // MONOCHROME2: lungs are the low values; MONOCHROME1: the high values.
    assert.ok(Math.abs(lung2.center - 310) < 1e-9 && Math.abs(lung2.width - 580) < 1e-9);
    assert.ok(Math.abs(lung1.center - 690) < 1e-9 && Math.abs(lung1.width - 580) < 1e-9);
    assert.ok(bone2.center > lung2.center);
    assert.ok(bone1.center < lung1.center);
  });
});

describe('pixelReadout', () => {
  test('stored and modality values, unit, mm; null outside', () => {
    const img = gray({ rescale: { slope: 2, intercept: -5, type: 'HU' }, spacing: { row: 0.5, column: 0.25, tag: 'PixelSpacing' } });
    assert.deepEqual(pixelReadout(img, 2.7, 1.2), { x: 2, y: 1, kind: 'gray', stored: 60, modality: 115, unit: 'HU', mm: { x: 0.5, y: 0.5 } });
    assert.equal(pixelReadout(img, -0.1, 0), null);
    assert.equal(pixelReadout(img, 3, 0), null);
    assert.equal(pixelReadout(img, 0, 2), null);
    assert.equal(pixelReadout(gray(), 0, 0)?.kind === 'gray' && 'mm' in pixelReadout(gray(), 0, 0)!, false);
  });
});

describe('viewportMath and shortcuts', () => {
  test('zoom clamps, wheel direction, quarter turns, window drag', () => {
    assert.equal(zoomScale(1, 2), 2);
    assert.equal(zoomScale(50, 2), 64);
    assert.equal(zoomScale(0.03, 0.5), 0.02);
    assert.ok(wheelFactor(100) < 1 && wheelFactor(-100) > 1);
    assert.equal(quarterTurn(0, 1), 90);
    assert.equal(quarterTurn(0, -1), 270);
    assert.equal(quarterTurn(270, 1), 0);
    assert.deepEqual(dragWindow({ windowWidth: 100, windowCenter: 50 }, 10, -5, 2), { windowWidth: 120, windowCenter: 40 });
    assert.equal(dragWindow({ windowWidth: 5, windowCenter: 0 }, -100, 0, 1).windowWidth, 1);
    assert.equal(windowSensitivity(0, 30000), 60);
    assert.equal(windowSensitivity(0, 10), 0.1);
  });
  test('keys map to actions; chords with Ctrl/Meta/Alt are left alone; every action has a help line', () => {
    assert.equal(actionForKey({ key: 'i' }), 'invert');
    assert.equal(actionForKey({ key: 'R' }), 'rotateCcw');
    assert.equal(actionForKey({ key: '3' }), 'preset3');
    assert.equal(actionForKey({ key: '=' }), 'zoomIn');
    assert.equal(actionForKey({ key: 'i', ctrlKey: true }), undefined);
    assert.equal(actionForKey({ key: 'q' }), undefined);
    assert.ok(SHORTCUTS.every((s) => s.label.length > 0 && s.keys.length > 0));
  });
});
