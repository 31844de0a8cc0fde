/**
 * The shipped default model (models/default): complete, small, says what it was trained on, and is what
 * `taggan tag` uses when no model is named. Run on real NIH chest X-rays (another source than its covid-qu training
 * data) from ../shared when they are there.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadModel } from '../../../engine/src/model/loadModel';
import { readCalibration } from '../../../engine/src/propose/calibration';
import { initBackend } from '../../../engine/src/tf/backends';
import { ROOT, SHARED, runCli } from '../../helpers/cli';

const dir = join(ROOT, 'models', 'default');
const nih = join(SHARED, 'data', 'nih-cxr');
const tmp = mkdtempSync(join(tmpdir(), 'taggan-default-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('models/default is complete, under 20 MB, and its metadata says what it was trained on', async () => {
  for (const f of ['metadata.json', 'weights.bin', 'calibration.json', 'baseline.f32', 'README.md', 'heldout.csv']) assert.ok(existsSync(join(dir, f)), `models/default/${f} is missing`);
  const bytes = readdirSync(dir).reduce((s, f) => s + (statSync(join(dir, f)).isFile() ? statSync(join(dir, f)).size : 0), 0);
  assert.ok(bytes < 20 * 1024 * 1024, `models/default is ${(bytes / 1048576).toFixed(1)} MB`);
  const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
  assert.deepEqual(meta.training.images, { normal: 732, abnormal: 1000 }, 'trained on covid-qu/train (image-level labels only)');
  assert.equal(meta.training.normalLabel, 'normal');
  assert.ok(meta.training.step > 0 && meta.training.elapsedSec > 0 && typeof meta.training.backend === 'string');
  const cal = readCalibration(dir);
  assert.ok(cal && cal.normals === 732 && cal.baselineMap?.length === meta.arch.size ** 2, 'calibrated on the 732 training normals, with a baseline');
  assert.ok(cal.lungPrior, 'calibrated inside the lung fields, as it proposes');
  assert.equal(meta.optimizer, undefined, 'inference only: no optimizer state is shipped');
  // It was judged on covid-qu/val, none of which it trained on.
  const list = (f: string) => readFileSync(join(dir, f), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!.replace(/^(train|val)\//, ''));
  const held = list('heldout.csv');
  const trained = new Set(list('training.csv'));
  assert.equal(held.length, 500);
  assert.equal(trained.size, 1732);
  assert.ok(held.every((f) => !trained.has(f)), 'no held-out image is a training image');
  assert.ok(meta.evaluation?.figures?.valDice > 0 && typeof meta.evaluation.caveat === 'string', 'its measured figures and caveat are recorded');
  await initBackend('wasm');
  const model = loadModel(dir);
  try {
    const img = { width: 128, height: 128, data: new Float32Array(128 * 128).fill(0.5) };
    const p = await model.predict(img as never);
    assert.ok(p.signedMap.every((v) => Number.isFinite(v)));
  } finally {
    model.dispose();
  }
});

test('taggan tag without --model uses models/default on real NIH images', { skip: existsSync(nih) ? false : `no NIH images at ${nih}` }, async () => {
  // NIH radiographs: another source than its training data, at another size.
  const labels = readFileSync(join(nih, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const pick = [labels.find((r) => r[1] === 'pneumonia')!, labels.find((r) => r[1] === 'normal')!].map((r) => join(nih, r[0]!));
  const out = join(tmp, 'pred');
  const r = await runCli(['tag', ...pick, '--out', out, '--json'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(out, 'proposals.json'), 'utf8'));
  assert.match(report.model, /^default@/);
  assert.ok(report.normalBaseline, 'the default model proposes with its normal baseline');
  assert.match(report.modelCaveat, /localises only part of the lesions/, 'its caveat travels with its proposals');
  assert.match(r.stderr, /note: model .*localises only part of the lesions/, 'and is said on the terminal');
  assert.equal(report.images.length, 2);
  for (const im of report.images) {
    assert.deepEqual([im.width, im.height], [512, 512], 'masks at the input resolution');
    assert.ok(existsSync(join(out, `${im.stem}.mask.png`)) && existsSync(join(out, `${im.stem}.map.png`)));
  }
});
