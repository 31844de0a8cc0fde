import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { readMaskPng as readMaskPngBytes, writeMaskPng } from '../../../engine/src/export/maskPng';
import { readMaskPng } from '../../../engine/src/metrics/readMaskPng';

/** An RGBA PNG of 4x1 pixels with the given [r, g, b, a] values. */
function rgbaPng(px: number[][]): Buffer {
  const png = new PNG({ width: px.length, height: 1 });
  px.forEach((p, i) => png.data.set(p, i * 4));
  return PNG.sync.write(png);
}

test('one mask PNG rule for eval and import: any non-zero value with non-zero alpha is foreground (0/1 and 0/255 masks alike)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maskpng-'));
  try {
    // 0/1 grayscale mask: the eval reader used to take only values >= 128 and read it as empty.
    const zeroOne = writeMaskPng({ width: 4, height: 1, data: Uint8Array.from([0, 1, 1, 0]) });
    const g = PNG.sync.read(zeroOne);
    for (let i = 0; i < 4; i++) g.data.fill(i === 1 || i === 2 ? 1 : 0, i * 4, i * 4 + 3);
    const file01 = join(dir, 'zero-one.png');
    writeFileSync(file01, PNG.sync.write(g, { colorType: 0 }));
    assert.deepEqual([...readMaskPng(file01).mask], [0, 1, 1, 0]);
    assert.deepEqual([...readMaskPngBytes(PNG.sync.write(g, { colorType: 0 }), 'x').data], [0, 1, 1, 0]);
    // Colour: a value in any channel counts; a transparent pixel does not; 0/255 as written.
    const file = join(dir, 'rgba.png');
    writeFileSync(file, rgbaPng([[0, 0, 0, 255], [0, 0, 40, 255], [255, 255, 255, 0], [255, 255, 255, 255]]));
    const m = readMaskPng(file);
    assert.deepEqual([m.width, m.height], [4, 1]);
    assert.deepEqual([...m.mask], [0, 1, 0, 1]);
    assert.throws(() => readMaskPng(join(dir, 'missing.png')), (e: { code?: string }) => e.code === 'NOT_FOUND');
    writeFileSync(join(dir, 'bad.png'), 'not a png');
    assert.throws(() => readMaskPng(join(dir, 'bad.png')), (e: { code?: string }) => e.code === 'BAD_IMAGE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
