/**
 * `taggan train` end to end through the real CLI on wasm: a tiny --quick run on phantom DICOMs writes a
 * loadable model folder with metadata, weights, optimiser state and sample PNGs; --resume continues it;
 * bad data folders give clear errors.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { loadModel } from '../../../engine/src/model/loadModel';
import { writePhantomSet } from '../../../engine/src/phantom/writePhantomSet';
import { initBackend } from '../../../engine/src/tf/backends';
import { runCli } from '../../helpers/cli';

const root = mkdtempSync(join(tmpdir(), 'taggan-train-'));
const data = join(root, 'data');
const out = join(root, 'model');

before(() => {
  writePhantomSet({ out: data, count: 8, seed: 'train-cli', size: 64 });
});
after(() => rmSync(root, { recursive: true, force: true }));

test('taggan train --quick on wasm writes a loadable model; --resume continues it', async () => {
  const r = await runCli(['train', '--data', data, '--out', out, '--quick', '--steps', '3', '--checkpoint-every', '2', '--loss', 'identity=2,cls=3', '--backend', 'wasm', '--json'], { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr.split('\n')[0]!, /^backend: wasm /, 'backend line first (stderr, since stdout is JSON)');
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { phase: string; step: number; total: number; losses?: Record<string, number>; imagesPerSec?: number; etaSec?: number });
  const training = lines.filter((l) => l.phase === 'training');
  assert.deepEqual(training.map((l) => l.step), [1, 2, 3]);
  for (const l of training) {
    assert.equal(l.total, 3);
    assert.ok(Number.isFinite(l.losses!.G) && Number.isFinite(l.losses!.D), 'losses reported');
    assert.ok(l.imagesPerSec! > 0 && l.etaSec! >= 0);
  }
  assert.deepEqual(lines.slice(-2).map((l) => l.phase), ['done', 'calibrated'], 'training ends, then the threshold floor is calibrated on the normal images');
  assert.equal((lines.at(-1) as unknown as { normals: number }).normals, 4);
  assert.ok(existsSync(join(out, 'calibration.json')));

  const meta = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'));
  assert.equal(meta.format, 'taggan-model');
  assert.equal(meta.arch.size, 64);
  assert.equal(meta.training.step, 3);
  assert.equal(meta.training.backend, 'wasm');
  assert.deepEqual(meta.training.lossWeights, { adv: 1, cycle: 10, identity: 2, cls: 3, cam: 1, gp: 10, sparsity: 0 }, '--loss over the defaults');
  assert.deepEqual(meta.training.images, { normal: 4, abnormal: 4 });
  assert.match(meta.training.dataHash, /^[0-9a-f]{64}$/);
  assert.ok(existsSync(join(out, 'weights.bin')) && existsSync(join(out, 'optimizer.bin')));
  for (const step of ['000002', '000003']) {
    const png = PNG.sync.read(readFileSync(join(out, 'samples', `step-${step}.png`)));
    assert.deepEqual([png.width, png.height], [3 * 64, 4 * 64], 'sample sheet: 4 abnormal rows x [input | healthy | map]');
  }

  await initBackend('wasm');
  const model = loadModel(out);
  try {
    const p = await model.predict({ width: 64, height: 64, data: new Float32Array(64 * 64).fill(0.4) });
    assert.equal(p.map.length, 64 * 64);
    assert.ok(p.map.every((v) => v >= 0 && v <= 1));
    const prob = await model.classify({ width: 64, height: 64, data: new Float32Array(64 * 64).fill(0.4) });
    assert.ok(prob > 0 && prob < 1);
  } finally {
    model.dispose();
  }

  const again = await runCli(['train', '--data', data, '--out', out, '--quick', '--steps', '3', '--backend', 'wasm'], { timeoutMs: 60_000 });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /a model already exists here; use --resume/);

  const resumed = await runCli(['train', '--data', data, '--out', out, '--quick', '--steps', '4', '--resume', '--backend', 'wasm'], { timeoutMs: 240_000 });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /trained 1 steps \(4\/4\)/);
  const meta2 = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'));
  assert.equal(meta2.training.step, 4);
  assert.equal(meta2.createdAt, meta.createdAt);
  assert.ok(meta2.training.elapsedSec > meta.training.elapsedSec);
});

test('taggan train refuses bad data folders and options with clear messages', async () => {
  const bad = join(root, 'bad');
  writePhantomSet({ out: bad, count: 2, seed: 'bad', size: 64 });
  writeFileSync(join(bad, 'labels.csv'), 'file,label\nphantom-0001.dcm,normal\nmissing.dcm,abnormal\n');
  const r = await runCli(['train', '--data', bad, '--out', join(root, 'm2'), '--quick', '--backend', 'cpu']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /BAD_DATASET: .*labels\.csv: row 3: image file not found: missing\.dcm/);
  const r2 = await runCli(['train', '--data', bad, '--out', join(root, 'm2'), '--steps', '2', '--epochs', '1']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /--steps or --epochs, not both/);
  const r4 = await runCli(['train', '--data', bad, '--out', join(root, 'm2'), '--gan', 'vanilla']);
  assert.equal(r4.code, 2);
  assert.match(r4.stderr, /--gan must be one of lsgan, wgan-gp, got "vanilla"/);
  const r5 = await runCli(['train', '--data', bad, '--out', join(root, 'm2'), '--loss', 'identity=2,cyc=3']);
  assert.equal(r5.code, 2);
  assert.match(r5.stderr, /--loss: "cyc=3" is not NAME=NUMBER with NAME one of adv, cycle, identity, cls, cam, gp/);
  const r6 = await runCli(['train', '--data', bad, '--out', join(root, 'm2'), '--loss', 'cls=-1']);
  assert.equal(r6.code, 2);
  assert.match(r6.stderr, /--loss: cls must be a number >= 0/);
  const r3 = await runCli(['train', '--out', join(root, 'm2')]);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /--data DIR is required/);
});

test('taggan train --lung-masks: a lung prior from mask files (missing ones named), recorded', async () => {
  const lungs = join(root, 'lungs');
  mkdirSync(lungs, { recursive: true });
  const files = readdirSync(data).filter((f) => f.endsWith('.dcm'));
  // Left half "lung" for every image but the last: its mask is missing, and the error names it.
  const half = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < 64 * 64; i++) {
    const v = i % 64 < 32 ? 255 : 0;
    half.data[4 * i] = half.data[4 * i + 1] = half.data[4 * i + 2] = v;
    half.data[4 * i + 3] = 255;
  }
  for (const f of files.slice(0, -1)) writeFileSync(join(lungs, f.replace(/\.dcm$/, '.png')), PNG.sync.write(half));
  const missing = await runCli(['train', '--data', data, '--out', join(root, 'lp-missing'), '--quick', '--steps', '1', '--lung-masks', lungs, '--backend', 'cpu']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, new RegExp(`no lung mask for training image ${files.at(-1)!.replace('.', '\\.')}`));
  writeFileSync(join(lungs, files.at(-1)!.replace(/\.dcm$/, '.png')), PNG.sync.write(half));
  const bad = await runCli(['train', '--data', data, '--out', join(root, 'lp-bad'), '--lung-masks', lungs, '--lung-margin', '2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lung-margin must be a fraction/);
  const out2 = join(root, 'lp');
  const r = await runCli(['train', '--data', data, '--out', out2, '--quick', '--steps', '2', '--lung-masks', lungs, '--backend', 'wasm', '--json'], { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(readFileSync(join(out2, 'metadata.json'), 'utf8'));
  assert.match(meta.training.lungPrior, /^lung masks from .*lungs, margin 0\.03 of the image width$/);
  assert.ok(meta.training.losses.map_mean >= 0);
});
