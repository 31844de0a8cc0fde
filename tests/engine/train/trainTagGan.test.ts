/**
 * The trainer in-process: cancellation between steps saves a checkpoint and throws CANCELLED, and a
 * resumed run ends with exactly the weights of an uninterrupted one (seeded init + seeded batch order +
 * restored Adam state), on wasm.
 */
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../../../engine/src/errors';
import { writePhantomSet } from '../../../engine/src/phantom/writePhantomSet';
import { initBackend } from '../../../engine/src/tf/backends';
import { QUICK_CONFIG, type TrainConfig } from '../../../engine/src/train/trainConfig';
import { trainTagGan } from '../../../engine/src/train/trainTagGan';

const root = mkdtempSync(join(tmpdir(), 'taggan-trainer-'));
const data = join(root, 'data');
const base: TrainConfig = {
  ...QUICK_CONFIG,
  arch: { size: 32, ngf: 4, depth: 1, ndf: 4, dLayers: 3, attention: true, classifier: { nf: 4, layers: 3 } },
  steps: 3, batch: 2, checkpointEvery: 100, samples: 2,
};

before(async () => {
  writePhantomSet({ out: data, count: 6, seed: 'trainer', size: 64 });
  await initBackend('wasm');
});
after(() => rmSync(root, { recursive: true, force: true }));

for (const adversarial of ['lsgan', 'wgan-gp'] as const) test(`${adversarial}: cancel saves a checkpoint; resume reproduces the uninterrupted run exactly`, async () => {
  const config: TrainConfig = { ...base, adversarial };
  const tensorsBefore = tf.memory().numTensors;
  const straight = join(root, `straight-${adversarial}`);
  const r = await trainTagGan({ data, out: straight, config });
  assert.equal(r.stepsThisRun, 3);

  const split = join(root, `split-${adversarial}`);
  const ctl = new AbortController();
  await assert.rejects(
    trainTagGan({ data, out: split, config, signal: ctl.signal, onProgress: (p) => { if (p.phase === 'training' && p.step === 1) ctl.abort(); } }),
    (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED' && /cancelled at step 1 of 3; checkpoint saved/.test(e.message),
  );
  const partial = JSON.parse(readFileSync(join(split, 'metadata.json'), 'utf8'));
  assert.equal(partial.training.step, 1);
  assert.equal(partial.training.adversarial, adversarial);
  if (adversarial === 'wgan-gp') assert.ok(Number.isFinite(r.metadata.training.losses.D), 'critic loss is a number (may be negative)');

  // The checkpoint's adversarial loss wins over the caller's on resume.
  const resumed = await trainTagGan({ data, out: split, config: { ...config, adversarial: 'lsgan' }, resume: true });
  assert.equal(resumed.metadata.training.adversarial, adversarial);
  assert.equal(resumed.stepsThisRun, 2);
  assert.equal(resumed.metadata.training.step, 3);
  assert.ok(readFileSync(join(split, 'weights.bin')).equals(readFileSync(join(straight, 'weights.bin'))), 'weights identical to the uninterrupted run');
  assert.ok(readFileSync(join(split, 'optimizer.bin')).equals(readFileSync(join(straight, 'optimizer.bin'))), 'Adam state identical too');
  assert.equal(tf.memory().numTensors, tensorsBefore, 'the trainer frees every tensor it made');
});

test('resume at another size: 32 px first, then 48 px; the weights carry over and the sizes are recorded', async () => {
  const out = join(root, 'grow');
  await trainTagGan({ data, out, config: { ...base, steps: 2 } });
  const small = readFileSync(join(out, 'weights.bin'));
  const r = await trainTagGan({ data, out, config: { ...base, steps: 4 }, resume: true, resumeAtSize: 48 });
  assert.equal(r.stepsThisRun, 2);
  assert.equal(r.metadata.arch.size, 48);
  assert.deepEqual(r.metadata.training.sizes, [{ fromStep: 0, size: 32 }, { fromStep: 2, size: 48 }]);
  const grown = readFileSync(join(out, 'weights.bin'));
  assert.equal(grown.length, small.length, 'same variables at any size');
  assert.ok(!grown.equals(small), 'training went on');
  // A 48 px step ran on the carried-over weights: the loss history goes on from step 2.
  assert.ok(r.metadata.training.history.some((h) => h.step > 2));
});
