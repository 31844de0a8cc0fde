/**
 * The shipped lung-field model (models/lungs) on real radiographs from ../shared: the MONOCHROME1 chest CR
 * (JPEG 2000, 15-bit), a PNG, the same picture as a 12-bit MONOCHROME1 DICOM of another size, a measured Dice
 * on covid-qu validation images, and the engine methods (lungs.segment, proposal.run with the prior).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { loadGrayImage } from '../../../engine/src/image/loadImage';
import { resizeGray } from '../../../engine/src/image/resizeGray';
import { evaluateLungs } from '../../../engine/src/lungs/evaluateLungs';
import { loadLungModel, type LungModel } from '../../../engine/src/lungs/lungModel';
import { readLungDataset } from '../../../engine/src/lungs/readLungDataset';
import { resizeMaskNearest } from '../../../engine/mask/resizeMaskNearest';
import type { PhantomImage } from '../../../engine/src/phantom/generatePhantom';
import { phantomDicom } from '../../../engine/src/phantom/phantomDicom';
import { initBackend } from '../../../engine/src/tf/backends';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { ROOT, SHARED } from '../../helpers/cli';

const DIR = join(ROOT, 'models', 'lungs');
const CHEST = join(SHARED, 'dicom', 'samples', 'chest-cr-RG1_J2KI.dcm');
const COVID_QU = join(SHARED, 'data', 'covid-qu');
const VAL_IMG = join(COVID_QU, 'val', 'normal');
const tmp = mkdtempSync(join(tmpdir(), 'taggan-lungs-shipped-'));
const skip = existsSync(join(DIR, 'metadata.json')) ? false : `no lung model at ${DIR}`;
let model: LungModel;

before(async () => {
  if (skip) return;
  await initBackend('wasm');
  model = loadLungModel(DIR);
});
after(() => {
  model?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

/** Lung pixels in the image's left and right halves, as fractions of each half. */
function halves(mask: Uint8Array, w: number, h: number): [number, number] {
  let l = 0;
  let r = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (mask[y * w + x]) (x < w / 2 ? l++ : r++);
  return [l / ((w / 2) * h), r / ((w / 2) * h)];
}

function dice(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  let s = 0;
  for (let k = 0; k < a.length; k++) { i += a[k]! & b[k]!; s += a[k]! + b[k]!; }
  return s === 0 ? 1 : (2 * i) / s;
}

test('models/lungs: weights and metadata only (no optimiser state), a few MB, data and licence recorded', { skip }, () => {
  const files = readdirSync(DIR).sort();
  assert.deepEqual(files, ['README.md', 'metadata.json', 'weights.bin']);
  const bytes = files.reduce((s, f) => s + statSync(join(DIR, f)).size, 0);
  assert.ok(bytes < 8 * 1024 * 1024, `models/lungs is ${(bytes / 1048576).toFixed(1)} MB`);
  const meta = JSON.parse(readFileSync(join(DIR, 'metadata.json'), 'utf8'));
  assert.equal(meta.format, 'taggan-lungs');
  assert.equal(meta.optimizer, undefined);
  assert.equal(meta.training.data.name, 'covid-qu');
  assert.equal(meta.training.data.train, 1732);
  assert.match(meta.training.data.licence, /Tahir/);
  assert.ok(meta.training.step > 0 && meta.training.elapsedSec > 0 && typeof meta.training.backend === 'string');
  assert.ok(meta.evaluation?.figures?.valImages === 500, 'judged on all 500 validation images');
});

test('the MONOCHROME1 chest CR (JPEG 2000): a lung mask at 1841x1955 covering both lungs, 15-60% of the image', { skip: skip || (existsSync(CHEST) ? false : `no ${CHEST}`) }, async () => {
  const g = await loadGrayImage(CHEST);
  assert.equal(g.source.format === 'dicom' && g.source.info.photometric, 'MONOCHROME1');
  const s = await model.segment(g);
  assert.deepEqual([s.width, s.height, s.mask.length], [1841, 1955, 1841 * 1955]);
  assert.ok(s.fraction > 0.15 && s.fraction < 0.6, `lung fraction ${s.fraction}`);
  const [l, r] = halves(s.mask, s.width, s.height);
  assert.ok(l > 0.1 && r > 0.1, `both lungs: left half ${l.toFixed(2)}, right half ${r.toFixed(2)}`);
});

test('a PNG, and the same picture as a 12-bit MONOCHROME1 DICOM of another size, get the same lungs', { skip: skip || (existsSync(VAL_IMG) ? false : `no ${VAL_IMG}`) }, async () => {
  const png = join(VAL_IMG, readdirSync(VAL_IMG).sort()[0]!);
  const g = await loadGrayImage(png);
  const s = await model.segment(g);
  assert.deepEqual([s.width, s.height], [g.width, g.height]);
  assert.ok(s.fraction > 0.15 && s.fraction < 0.6, `lung fraction ${s.fraction}`);
  // 12-bit stored values, MONOCHROME1 (high = dark), 600 x 640, with a window over the full range.
  const W = 600;
  const H = 640;
  const big = resizeGray(g, W, H, 'bilinear');
  const pixels = Uint16Array.from(big.data, (v) => Math.round((1 - Math.min(1, Math.max(0, v))) * 4095));
  const img = { width: W, height: H, pixels, photometric: 'MONOCHROME1', bitsStored: 12, windowCenter: 2047.5, windowWidth: 4096, pixelSpacingMm: [0.2, 0.2], label: 'normal' } as unknown as PhantomImage;
  const file = join(tmp, 'twelve-bit.dcm');
  writeFileSync(file, phantomDicom(img, { seed: 'lungs-test', index: 0 }));
  const d = await loadGrayImage(file);
  assert.equal(d.source.format === 'dicom' && d.source.info.bitsStored, 12);
  const sd = await model.segment(d);
  assert.deepEqual([sd.width, sd.height], [W, H]);
  const back = resizeMaskNearest(sd.mask, W, H, g.width, g.height);
  const agree = dice(back, s.mask);
  assert.ok(agree > 0.95, `PNG vs 12-bit MONOCHROME1 DICOM: Dice ${agree.toFixed(4)}`);
});

test('measured: mean Dice >= 0.93 on 40 covid-qu validation images (their own 256x256 masks)', { skip: skip || (existsSync(join(COVID_QU, 'val', 'lungs')) ? false : 'no covid-qu validation data') }, async () => {
  const val = readLungDataset(COVID_QU).val;
  const pick = val.filter((_, i) => i % Math.floor(val.length / 40) === 0).slice(0, 40);
  const e = await evaluateLungs(model, pick);
  assert.equal(e.images, 40);
  assert.ok(e.diceMean >= 0.93, `mean Dice ${e.diceMean.toFixed(4)} (median ${e.diceMedian.toFixed(4)}, min ${e.diceMin.toFixed(4)})`);
});

test('engine: lungs.segment answers at the image size; proposal.run records the lung prior and proposes the lung field with method lungs', { skip: skip || (existsSync(CHEST) && existsSync(VAL_IMG) ? false : 'no shared images') }, async () => {
  const c = new EngineClient(connectInProcess(createEngine({ backend: 'wasm' })));
  try {
    const r = await c.call('lungs.segment', { path: CHEST });
    assert.deepEqual([r.width, r.height, r.mask.length], [1841, 1955, 1841 * 1955]);
    assert.ok(r.fraction > 0.15 && r.fraction < 0.6);
    assert.match(r.model, /^lungs@/);
    await assert.rejects(c.call('lungs.segment', { path: 'relative.dcm' }), (e: unknown) => (e as { code?: string }).code === 'BAD_REQUEST');

    const png = join(VAL_IMG, readdirSync(VAL_IMG).sort()[0]!);
    await c.call('workspace.open', { dir: join(tmp, 'ws'), create: true });
    const [id] = (await c.call('workspace.add', { paths: [png] })).added.map((a) => a.id);
    await c.call('workspace.label', { imageId: id!, label: 'abnormal' });
    const lungsRun = await c.call('proposal.run', { imageIds: [id!], method: 'lungs' });
    assert.deepEqual(lungsRun.failed, []);
    assert.match(lungsRun.model, /^lungs@/);
    const direct = await c.call('lungs.segment', { path: png });
    let area = 0;
    for (const v of direct.mask) area += v;
    assert.equal(lungsRun.proposals[0]!.maskArea, area, 'the lungs method proposes the lung field');
    const stored = await c.call('proposal.latest', { imageId: id! });
    assert.equal((stored!.record.params as { method: string }).method, 'lungs');

    const ganRun = await c.call('proposal.run', { imageIds: [id!], modelDir: join(ROOT, 'tests', 'fixtures', 'models', 'phantom-quick'), threshold: 0.01 });
    assert.deepEqual(ganRun.failed, []);
    const withPrior = await c.call('proposal.latest', { imageId: id! });
    assert.match(String((withPrior!.record.params as { lungPrior: { model: string } }).lungPrior.model), /^lungs@/);
    await c.call('proposal.run', { imageIds: [id!], modelDir: join(ROOT, 'tests', 'fixtures', 'models', 'phantom-quick'), threshold: 0.01, lungPrior: false });
    const without = await c.call('proposal.latest', { imageId: id! });
    assert.equal((without!.record.params as { lungPrior: unknown }).lungPrior, null);
    await c.call('workspace.close', {});
  } finally {
    c.close();
  }
});
