/**
 * train-lungs end to end on a small synthetic images/ + masks/ folder (two dark "lungs" on a bright body):
 * the model folder, its metadata, bit-exact resume on the cpu backend, evaluation, and the data-folder errors.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { encodeGrayPng } from '../../../engine/src/image/encodeGrayPng';
import { evaluateLungs } from '../../../engine/src/lungs/evaluateLungs';
import { loadLungModel } from '../../../engine/src/lungs/lungModel';
import { readLungMetadata } from '../../../engine/src/lungs/lungMetadata';
import { readLungDataset } from '../../../engine/src/lungs/readLungDataset';
import { trainLungs, type LungTrainConfig } from '../../../engine/src/lungs/trainLungs';
import { initBackend } from '../../../engine/src/tf/backends';
import { mulberry32 } from '../../../engine/src/util/mulberry32';
import { SHARED } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-lungs-'));
const data = join(tmp, 'data');
const W = 40;
const H = 48;

/** One synthetic chest: bright body, two dark ellipses (the lungs) that move a little per seed; + noise. */
function synthetic(seed: number): { image: Float32Array; mask: Float32Array } {
  const r = mulberry32(seed);
  const dx = (r() - 0.5) * 6;
  const dy = (r() - 0.5) * 6;
  const image = new Float32Array(W * H);
  const mask = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inL = ((x - 12 - dx) / 7) ** 2 + ((y - 22 - dy) / 14) ** 2 < 1;
    const inR = ((x - 28 - dx) / 7) ** 2 + ((y - 22 - dy) / 14) ** 2 < 1;
    mask[y * W + x] = inL || inR ? 1 : 0;
    image[y * W + x] = (inL || inR ? 0.25 : 0.75) + (r() - 0.5) * 0.1;
  }
  return { image, mask };
}

function writeSet(dir: string, seeds: number[]): void {
  mkdirSync(join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'masks'), { recursive: true });
  for (const s of seeds) {
    const { image, mask } = synthetic(s);
    writeFileSync(join(dir, 'images', `case-${s}.png`), encodeGrayPng(image, W, H));
    writeFileSync(join(dir, 'masks', `case-${s}.png`), encodeGrayPng(mask, W, H));
  }
}

const CONFIG: LungTrainConfig = {
  arch: { kind: 'lung-unet', size: 32, base: 4, levels: 3 },
  steps: 6, batch: 2, seed: 3, learningRate: 5e-3, checkpointEvery: 3, valSubset: 2,
};

before(async () => {
  writeSet(data, [1, 2, 3, 4, 5, 6]);
  writeSet(join(data, 'val'), [101, 102]);
  await initBackend('cpu');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('readLungDataset pairs images/ with masks/ by stem, with the optional val split', () => {
  const ds = readLungDataset(data);
  assert.equal(ds.layout, 'images-masks');
  assert.equal(ds.train.length, 6);
  assert.equal(ds.val.length, 2);
  assert.equal(ds.train[0]!.rel, 'images/case-1.png');
  assert.ok(ds.train[0]!.mask.endsWith(join('masks', 'case-1.png')));
});

test('readLungDataset reads the covid-qu layout (train/CLASS + lungs/, val/CLASS + val/lungs/)', (t) => {
  const cq = join(SHARED, 'data', 'covid-qu');
  if (!existsSync(join(cq, 'lungs'))) return t.skip(`no covid-qu data at ${cq}`);
  const ds = readLungDataset(cq);
  assert.equal(ds.layout, 'covid-qu');
  assert.equal(ds.train.length, 1732);
  assert.equal(ds.val.length, 500);
  assert.ok(ds.val.every((p) => p.mask.includes(join('val', 'lungs'))), 'val masks come from val/lungs');
  assert.match(ds.licence ?? '', /Tahir/);
});

test('train 6 steps = cancel after 3, then resume (bit-exact on cpu); metadata records data, steps, figures', async () => {
  const straight = join(tmp, 'straight');
  const split = join(tmp, 'split');
  const r = await trainLungs({ data, out: straight, config: CONFIG });
  assert.equal(r.stepsThisRun, 6);
  const stop = new AbortController();
  await assert.rejects(
    trainLungs({ data, out: split, config: CONFIG, signal: stop.signal, onProgress: (p) => { if (p.phase === 'training' && p.step === 3) stop.abort(); } }),
    (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED' && /resume/.test(e.message),
  );
  assert.equal(readLungMetadata(split).training.step, 3, 'cancelling saved a checkpoint at step 3');
  assert.ok(existsSync(join(split, 'optimizer.bin')), 'a checkpoint keeps the optimiser state for resuming');
  const resumed = await trainLungs({ data, out: split, config: { ...CONFIG, steps: 6 }, resume: true });
  assert.equal(resumed.stepsThisRun, 3);
  assert.deepEqual(readFileSync(join(split, 'weights.bin')), readFileSync(join(straight, 'weights.bin')), 'resumed weights equal the uninterrupted run');

  const m = readLungMetadata(straight);
  assert.equal(m.format, 'taggan-lungs');
  assert.deepEqual(m.arch, CONFIG.arch);
  assert.equal(m.training.step, 6);
  assert.equal(m.training.data.layout, 'images-masks');
  assert.equal(m.training.data.train, 6);
  assert.equal(m.training.data.val, 2);
  assert.equal(m.training.backend, 'cpu');
  assert.ok(m.training.elapsedSec > 0);
  const vals = m.training.history.filter((h) => h.valDice !== undefined);
  assert.deepEqual(vals.map((h) => h.step), [3, 6], 'validation Dice at each checkpoint');
  assert.match(m.normalisation, /2 \* gray - 1/);

  await assert.rejects(trainLungs({ data, out: straight, config: CONFIG }), (e: unknown) => e instanceof EngineError && /already exists/.test(e.message));
});

test('a trained model segments at the image size and evaluateLungs scores it at the truth size', async () => {
  const dir = join(tmp, 'longer');
  await trainLungs({ data, out: dir, config: { ...CONFIG, steps: 60, checkpointEvery: 60 } });
  const model = loadLungModel(dir);
  try {
    const ds = readLungDataset(data);
    const e = await evaluateLungs(model, ds.val);
    assert.equal(e.images, 2);
    assert.ok(e.diceMean > 0.6, `60 steps learn the synthetic lungs (Dice ${e.diceMean.toFixed(3)})`);
    assert.ok(e.diceMedian <= 1 && e.diceMin <= e.diceMean && e.iouMean <= e.diceMean);
    const { image } = synthetic(7);
    const seg = await model.segment({ width: W, height: H, data: image });
    assert.equal(seg.mask.length, W * H);
    assert.ok(seg.fraction > 0.1 && seg.fraction < 0.7, `lung fraction ${seg.fraction}`);
  } finally {
    model.dispose();
  }
  assert.throws(() => loadLungModel(join(tmp, 'nothing')), (e: unknown) => e instanceof EngineError && e.code === 'MODEL');
});

test('data-folder errors name the file: a missing mask, an unknown layout', () => {
  const bad = join(tmp, 'bad');
  writeSet(bad, [1, 2]);
  unlinkSync(join(bad, 'masks', 'case-2.png'));
  assert.throws(() => readLungDataset(bad), (e: unknown) => e instanceof EngineError && e.code === 'BAD_DATASET' && e.message.includes('case-2.png'));
  const empty = join(tmp, 'empty');
  mkdirSync(empty);
  assert.throws(() => readLungDataset(empty), /covid-qu layout/);
  copyFileSync(join(data, 'images', 'case-1.png'), join(empty, 'x.png'));
  assert.throws(() => readLungDataset(join(tmp, 'missing')), (e: unknown) => e instanceof EngineError && e.code === 'BAD_DATASET');
});
