/**
 * The real samples: the 1841x1955 J2K chest CR (size, sane stats, decode time reported, not asserted),
 * the DX, and the SEG files whose three encodings must agree with each other and with pydicom's count.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeDicom } from '../../../engine/src/dicom/decodeDicom';
import { SHARED } from '../../helpers/cli';

const DIR = join(SHARED, 'dicom', 'samples');
const skip = existsSync(join(DIR, 'chest-cr-RG1_J2KI.dcm')) ? false : `no samples in ${DIR}`;

function stats(a: Int32Array): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let s = 0;
  for (const v of a) {
    if (v < min) min = v;
    if (v > max) max = v;
    s += v;
  }
  return { min, max, mean: s / a.length };
}

describe('real DICOM samples', { skip }, () => {
  test('chest CR, JPEG 2000 lossy, MONOCHROME1', async (t) => {
    const bytes = readFileSync(join(DIR, 'chest-cr-RG1_J2KI.dcm'));
    await decodeDicom(bytes, 'warm-up'); // codec initialisation is not part of the timing
    const t0 = performance.now();
    const d = await decodeDicom(bytes, 'chest-cr-RG1_J2KI.dcm');
    t.diagnostic(`decodeDicom took ${(performance.now() - t0).toFixed(0)} ms (warm)`);
    assert.equal(d.info.columns, 1841);
    assert.equal(d.info.rows, 1955);
    assert.equal(d.info.photometric, 'MONOCHROME1');
    assert.equal(d.info.bitsStored, 15);
    assert.equal(d.info.lossy, true);
    assert.equal(d.frames[0]!.length, 1841 * 1955);
    const s = stats(d.frames[0]!);
    t.diagnostic(`min ${s.min} max ${s.max} mean ${s.mean.toFixed(1)}`);
    assert.ok(s.min >= 0 && s.max < 2 ** 15, 'values within 15 bits');
    assert.ok(s.max - s.min > 10000, 'uses most of its range');
    // MONOCHROME1: lungs (high stored values = dark) vs the spine column in the middle.
    const f = d.frames[0]!;
    const mean = (x0: number, y0: number, w: number, h: number) => {
      let acc = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) acc += f[y * 1841 + x]!;
      return acc / (w * h);
    };
    const lung = (mean(450, 700, 150, 150) + mean(1240, 700, 150, 150)) / 2;
    const spine = mean(880, 700, 80, 150);
    t.diagnostic(`lung mean ${lung.toFixed(0)}, spine mean ${spine.toFixed(0)}`);
    assert.ok(lung > spine, 'in MONOCHROME1 the lungs (dark on display) have higher stored values than the spine');
  });

  test('DX thorax: size and pydicom sum', async () => {
    const d = await decodeDicom(readFileSync(join(DIR, 'dx_image.dcm')), 'dx_image.dcm');
    assert.equal(d.info.columns, 211);
    assert.equal(d.info.rows, 169);
    assert.deepEqual(d.info.spacing, { row: 1.2, column: 1.201199999999, tag: 'PixelSpacing' });
    // pydicom 2.3 pixel_array sum (independent decoder): 5913505.
    assert.equal(d.frames[0]!.reduce((n, v) => n + v, 0), 5913505);
  });

  test('SEG liver (1-bit, 3 frames) agrees across explicit LE, big endian and RLE, and with pydicom', async () => {
    const decoded = await Promise.all(['seg-liver.dcm', 'seg-liver_expb.dcm', 'seg-liver_rle.dcm'].map((f) => decodeDicom(readFileSync(join(DIR, f)), f)));
    for (const d of decoded) {
      assert.equal(d.info.bitsAllocated, 1);
      assert.equal(d.frames.length, 3);
      // pydicom 2.3 pixel_array.sum() for seg-liver.dcm: 107098.
      assert.equal(d.frames.reduce((n, f) => n + f.reduce((m, v) => m + v, 0), 0), 107098);
    }
    for (let f = 0; f < 3; f++) {
      assert.deepEqual(decoded[1]!.frames[f], decoded[0]!.frames[f]);
      assert.deepEqual(decoded[2]!.frames[f], decoded[0]!.frames[f]);
    }
  });
});
