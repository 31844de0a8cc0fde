import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../../../engine/src/errors';
import { buildClassifier } from '../../../engine/src/model/buildClassifier';
import { buildDiscriminator } from '../../../engine/src/model/buildDiscriminator';
import { buildGenerator } from '../../../engine/src/model/buildGenerator';
import { buildTagGan } from '../../../engine/src/model/buildTagGan';
import { saveCheckpoint } from '../../../engine/src/model/checkpoint';
import { loadModel } from '../../../engine/src/model/loadModel';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION } from '../../../engine/src/model/metadata';
import { assertModelArch, type ModelArch } from '../../../engine/src/model/modelConfig';
import { NORMALISATION } from '../../../engine/src/model/normalize';
import { initBackend } from '../../../engine/src/tf/backends';
import { DEFAULT_LOSS } from '../../../engine/src/train/trainConfig';
import { createOptimizers, disposeOptimizers, trainStep } from '../../../engine/src/train/trainStep';

const TINY: ModelArch = { size: 32, ngf: 4, depth: 1, ndf: 4, dLayers: 3, attention: true, classifier: { nf: 4, layers: 3 } };
const tmp = mkdtempSync(join(tmpdir(), 'taggan-model-'));

before(async () => {
  await initBackend('wasm');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function randomBatch(n: number, size: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([n, size, size, 1], 0, 1, 'float32', seed), 2), 1)) as tf.Tensor4D;
}

test('shapes: generator map, discriminator patches, classifier logit', () => {
  const nets = buildTagGan(TINY, 1);
  try {
    tf.tidy(() => {
      const x = randomBatch(2, 32, 1);
      const m = nets.gA2N.apply(x);
      assert.deepEqual(m.shape, [2, 32, 32, 1]);
      const mv = m.dataSync();
      assert.ok(mv.every((v) => v > -1 && v < 1), 'map is tanh-bounded');
      assert.deepEqual(nets.dN.apply(x).shape, [2, 4, 4, 1]);
      assert.deepEqual(nets.classifier!.logit(x).shape, [2]);
      assert.deepEqual(nets.classifier!.features(x).shape, [2, 4, 4, 16]);
    });
  } finally {
    nets.dispose();
  }
});

test('reference ResNet-9 generator (ngf 64) has 11,360,385 parameters', () => {
  const g = buildGenerator({ name: 'G_A2N', ngf: 64, depth: 9, attention: false, seed: 0 });
  try {
    assert.equal(g.params.count(), 11_360_385);
  } finally {
    g.dispose();
  }
});

test('builders check their arguments', () => {
  assert.throws(() => buildGenerator({ name: 'G', ngf: 0, depth: 1, attention: false, seed: 0 }), /ngf/);
  assert.throws(() => buildDiscriminator({ name: 'D', ndf: 4, layers: 0, seed: 0 }), /layers/);
  assert.throws(() => buildClassifier({ nf: -1, layers: 2, seed: 0 }), /nf/);
  assert.throws(() => assertModelArch({ ...TINY, size: 34 }), /multiple of 4/);
  assert.throws(() => assertModelArch({ ...TINY, size: 32, dLayers: 5 }), /too small/);
  const g = buildGenerator({ name: 'G', ngf: 2, depth: 0, attention: false, seed: 0 });
  try {
    assert.throws(() => tf.tidy(() => g.apply(tf.zeros([1, 30, 30, 1]) as tf.Tensor4D)), /multiple of 4/);
    assert.throws(() => tf.tidy(() => g.apply(tf.zeros([1, 32, 32, 3]) as tf.Tensor4D)), /\[N, S, S, 1\]/);
  } finally {
    g.dispose();
  }
});

test('same seed, same weights; different seed, different weights', () => {
  const a = buildGenerator({ name: 'G_A2N', ngf: 2, depth: 1, attention: false, seed: 5 });
  const b = buildGenerator({ name: 'G_A2N', ngf: 2, depth: 1, attention: false, seed: 5 });
  const c = buildGenerator({ name: 'G_A2N', ngf: 2, depth: 1, attention: false, seed: 6 });
  try {
    assert.deepEqual(a.params.get('d1').dataSync(), b.params.get('d1').dataSync());
    assert.notDeepEqual(a.params.get('d1').dataSync(), c.params.get('d1').dataSync());
  } finally {
    [a, b, c].forEach((g) => g.dispose());
  }
});

test('training steps leak no tensors, and are deterministic given the seed', async () => {
  const run = async (): Promise<{ losses: Record<string, number>[]; leak: number }> => {
    const nets = buildTagGan(TINY, 3);
    const opt = createOptimizers(nets, 1e-3, 0.5);
    const xA = randomBatch(2, 32, 10);
    const xN = randomBatch(2, 32, 11);
    try {
      const losses = [await trainStep(nets, opt, DEFAULT_LOSS, xA, xN)]; // warm-up creates the Adam slots
      const before = tf.memory().numTensors;
      for (let i = 0; i < 2; i++) losses.push(await trainStep(nets, opt, DEFAULT_LOSS, xA, xN));
      return { losses, leak: tf.memory().numTensors - before };
    } finally {
      tf.dispose([xA, xN]);
      disposeOptimizers(opt);
      nets.dispose();
    }
  };
  const start = tf.memory().numTensors;
  const r1 = await run();
  assert.equal(r1.leak, 0, `Leaked ${r1.leak} tensors per 2 steps`);
  assert.equal(tf.memory().numTensors, start, 'disposing nets and optimisers frees everything');
  for (const k of ['G', 'D', 'C', 'G_adv', 'G_cycle', 'G_identity', 'G_cls', 'G_cam']) assert.ok(Number.isFinite(r1.losses[2]![k]), `loss ${k}`);
  assert.notDeepEqual(r1.losses[0], r1.losses[2], 'the weights move');
  const r2 = await run();
  assert.deepEqual(r2.losses, r1.losses, 'same seed and data -> same losses');
});

test('save / loadModel round trip gives identical outputs; classifier and Grad-CAM', async () => {
  const nets = buildTagGan(TINY, 9);
  const dir = join(tmp, 'roundtrip');
  try {
    await saveCheckpoint(dir, nets.stores(), {
      format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, engineVersion: 'test', createdAt: '', updatedAt: '',
      arch: TINY, normalisation: NORMALISATION, map: '',
      training: { step: 0, totalSteps: 0, batch: 1, seed: 9, lossWeights: {}, learningRate: 1e-3, dataHash: '', images: { normal: 0, abnormal: 0 }, normalLabel: 'normal', backend: 'wasm', elapsedSec: 0, imagesPerSec: 0, losses: {}, history: [] },
    });
    const gray = { width: 32, height: 32, data: new Float32Array(32 * 32).map((_, i) => ((i * 37) % 101) / 100) };
    const expected = tf.tidy(() => {
      const x = tf.sub(tf.mul(tf.tensor4d(gray.data, [1, 32, 32, 1]), 2), 1) as tf.Tensor4D;
      return tf.div(nets.gA2N.apply(x), 2).dataSync();
    });
    const expectedP = tf.tidy(() => tf.sigmoid(nets.classifier!.logit(tf.sub(tf.mul(tf.tensor4d(gray.data, [1, 32, 32, 1]), 2), 1) as tf.Tensor4D)).dataSync()[0]!);
    const before = tf.memory().numTensors;
    const model = loadModel(dir);
    try {
      const p = await model.predict(gray);
      assert.equal(p.size, 32);
      assert.equal(p.map.length, 32 * 32);
      assert.deepEqual(p.signedMap, expected, 'identical disease map after save/load');
      for (let i = 0; i < p.map.length; i++) assert.equal(p.map[i], Math.abs(expected[i]!));
      assert.ok(p.healthy.every((v) => v >= 0 && v <= 1));
      assert.equal(await model.classify(gray), expectedP);
      const cam = await model.gradCam(gray);
      assert.equal(cam.length, 32 * 32);
      assert.ok(cam.every((v) => v >= 0 && v <= 1));
      // A 64x48 input is resized to the model size.
      const big = await model.predict({ width: 64, height: 48, data: new Float32Array(64 * 48).fill(0.5) });
      assert.equal(big.map.length, 32 * 32);
    } finally {
      model.dispose();
    }
    assert.equal(tf.memory().numTensors, before, 'loadModel + dispose leaks nothing');
  } finally {
    nets.dispose();
  }
});

test('loadModel refuses a missing or foreign model folder with MODEL errors naming the file', () => {
  assert.throws(() => loadModel(join(tmp, 'nothing-here')), (e: unknown) => e instanceof EngineError && e.code === 'MODEL' && /metadata\.json/.test(e.message));
  const bad = mkdtempSync(join(tmp, 'bad-'));
  writeFileSync(join(bad, 'metadata.json'), '{"format":"something-else"}');
  assert.throws(() => loadModel(bad), (e: unknown) => e instanceof EngineError && e.code === 'MODEL' && /not a TagGAN model/.test(e.message));
  writeFileSync(join(bad, 'metadata.json'), '{ not json');
  assert.throws(() => loadModel(bad), (e: unknown) => e instanceof EngineError && e.code === 'MODEL' && /not valid JSON/.test(e.message) && e.message.includes(bad));
});
