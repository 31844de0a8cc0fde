import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { buildLungUnet } from '../../../engine/src/unet/buildLungUnet';
import { lungLoss } from '../../../engine/src/unet/lungLoss';
import { availableBackends, initBackend } from '../../../engine/src/tf/backends';

test('buildLungUnet: logits at the input size, the documented parameter count, argument checks', async () => {
  await initBackend('wasm');
  const net = buildLungUnet({ base: 16, levels: 4, seed: 1 });
  try {
    assert.equal(net.params.count(), 480_929);
    const y = tf.tidy(() => net.apply(tf.zeros([2, 32, 48, 1]) as tf.Tensor4D));
    assert.deepEqual(y.shape, [2, 32, 48, 1]);
    y.dispose();
    assert.throws(() => net.apply(tf.zeros([1, 20, 32, 1]) as tf.Tensor4D), /multiple of 8/);
    assert.throws(() => net.apply(tf.zeros([1, 32, 32, 3]) as tf.Tensor4D), /\[N, S, S, 1\]/);
  } finally {
    net.dispose();
  }
  assert.throws(() => buildLungUnet({ base: 0, levels: 4, seed: 1 }), /base/);
  assert.throws(() => buildLungUnet({ base: 8, levels: 1, seed: 1 }), /levels/);
  assert.throws(() => buildLungUnet({ base: 8, levels: 4, seed: 0.5 }), /seed/);
});

test('a training step leaks no tensor, and dispose() frees every variable', async () => {
  await initBackend('wasm');
  const net = buildLungUnet({ base: 4, levels: 3, seed: 2 });
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform([2, 16, 16, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
  const g = tf.cast(tf.greater(x, 0), 'float32') as tf.Tensor4D;
  const step = (): number => {
    const c = opt.minimize(() => lungLoss(net.apply(x), g)[0], true, net.params.list())!;
    const v = c.dataSync()[0]!;
    c.dispose();
    return v;
  };
  const first = step(); // warm-up creates Adam's slots
  const warm = tf.memory().numTensors;
  for (let i = 0; i < 30; i++) step();
  assert.equal(tf.memory().numTensors, warm, `leaked ${tf.memory().numTensors - warm} tensors`);
  assert.ok(step() < first, 'the loss goes down on a fixed batch');
  opt.dispose();
  tf.dispose([x, g]);
  const held = tf.memory().numTensors;
  const vars = net.params.list().length;
  net.dispose();
  assert.equal(tf.memory().numTensors, held - vars, 'dispose() frees every variable of the network');
  net.dispose(); // twice is harmless
});

test('the same weights give the same logits on every backend of the ladder that loads here', async () => {
  const names = (await availableBackends()).filter((b) => b !== 'tensorflow' || process.env.TAGGAN_TEST_TFNODE);
  assert.ok(names.includes('cpu') && names.includes('wasm'));
  let ref: Float32Array | undefined;
  for (const b of names) {
    await initBackend(b);
    const net = buildLungUnet({ base: 4, levels: 3, seed: 5 });
    const x = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([1, 16, 16, 1], 0, 1, 'float32', 9), 2), 1)) as tf.Tensor4D;
    const y = net.apply(x);
    const v = y.dataSync() as Float32Array;
    tf.dispose([x, y]);
    net.dispose();
    if (!ref) ref = Float32Array.from(v);
    else for (let i = 0; i < v.length; i++) assert.ok(Math.abs(v[i]! - ref[i]!) < 1e-3, `${b}: logit ${i} ${v[i]} vs ${ref[i]}`);
  }
});

test('lungLoss: near 0 for confident right logits, large for wrong ones, shape mismatch refused', async () => {
  await initBackend('wasm');
  tf.tidy(() => {
    const g = tf.tensor4d([1, 0, 1, 0], [1, 2, 2, 1]);
    const good = tf.tensor4d([10, -10, 10, -10], [1, 2, 2, 1]);
    const bad = tf.tensor4d([-10, 10, -10, 10], [1, 2, 2, 1]);
    const [lg, bg, dg] = lungLoss(good, g).map((t) => t.dataSync()[0]!);
    const [lb] = lungLoss(bad, g).map((t) => t.dataSync()[0]!);
    assert.ok(lg! < 0.01 && bg! < 0.001 && dg! < 0.01, `good: ${lg} ${bg} ${dg}`);
    assert.ok(lb! > 5, `bad: ${lb}`);
    assert.throws(() => lungLoss(good, tf.zeros([1, 2, 3, 1]) as tf.Tensor4D), /differ/);
  });
});
