import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { EXPORT_FORMAT_NAMES } from '../../../engine/protocol/workspace';
import { MASK_WRITERS, maskWriters, type MaskItem } from '../../../engine/src/export/formats/maskWriters';
import { readMaskPng } from '../../../engine/src/export/maskPng';

const item: MaskItem = {
  mask: { width: 3, height: 2, data: Uint8Array.from([0, 1, 1, 0, 0, 1]) },
  coco: { imageId: 7, fileName: 'img000007.png', label: 'abnormal', status: 'accepted', algorithmType: 'MANUAL' },
  seg: { algorithmType: 'MANUAL' },
  geometry: { pixelSpacing: [0.2, 0.2] },
};

test('one mask writer per protocol format name, in the protocol order; each writes per image or per set', () => {
  assert.deepEqual(Object.keys(MASK_WRITERS), [...EXPORT_FORMAT_NAMES]);
  for (const [name, w] of Object.entries(MASK_WRITERS)) {
    assert.equal(w.name, name);
    assert.ok(w.ext.startsWith('.'), name);
    assert.ok(Boolean(w.write) !== Boolean(w.writeSet), `${name}: exactly one of write / writeSet`);
    if (w.write) assert.ok(w.folder, `${name}: per-image writers name the export's folder`);
    else assert.ok(w.setFile?.endsWith(w.ext), `${name}: set writers name their file`);
  }
  assert.deepEqual(maskWriters(['nifti', 'png', 'bogus']).map((w) => w.name), ['png', 'nifti']);
});

test('mask writers: PNG round-trips, a SEG needs a DICOM source, NIfTI is gzip, COCO is one JSON file ending in a newline', () => {
  const png = MASK_WRITERS.png.write!(item);
  assert.ok(png instanceof Uint8Array);
  assert.deepEqual(readMaskPng(png, 'x').data, item.mask.data);
  assert.deepEqual(MASK_WRITERS.seg.write!(item), { skip: 'not a DICOM input, no SEG written' });
  const nii = MASK_WRITERS.nifti.write!(item);
  assert.ok(nii instanceof Uint8Array && gunzipSync(nii).length > 348);
  const coco = MASK_WRITERS.coco.writeSet!([item]);
  assert.equal(typeof coco, 'string');
  assert.ok((coco as string).endsWith('}\n'), 'tag and export write coco.json alike (export always ended it with a newline)');
  const parsed = JSON.parse(coco as string);
  assert.equal(parsed.images[0].id, 7);
  assert.equal(parsed.images[0].width, 3);
  assert.equal(parsed.annotations.length, 1);
});
