/**
 * Child of wasmThreads.test.ts: prints one JSON line with the backend report and the gradients (base64
 * float32) of a small TagGAN generator + discriminator loss on wasm, for the thread count in TAGGAN_THREADS.
 * Exits on its own: a threaded backend must not keep the process alive.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildDiscriminator } from '../../../../engine/src/model/buildDiscriminator';
import { buildGenerator } from '../../../../engine/src/model/buildGenerator';
import { initBackend } from '../../../../engine/src/tf/backends';

const report = await initBackend('wasm');
const g = buildGenerator({ name: 'G_A2N', ngf: 8, depth: 2, attention: true, seed: 7 });
const d = buildDiscriminator({ name: 'D_N', ndf: 8, layers: 3, seed: 7 });
const x = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([2, 64, 64, 1], 0, 1, 'float32', 3), 2), 1)) as tf.Tensor4D;
const vars = [...g.params.list(), ...d.params.list()];
const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
  const fake = tf.sub(x, g.apply(x)) as tf.Tensor4D;
  return tf.add(tf.mean(tf.square(tf.sub(d.apply(fake), 1))), tf.mean(tf.abs(g.apply(x)))) as tf.Scalar;
}), vars);
const out: Record<string, string> = {};
for (const v of vars) out[v.name] = Buffer.from(((await grads[v.name]!.data()) as Float32Array).buffer).toString('base64');
console.log(JSON.stringify({ detail: report.detail, loss: (await value.data())[0], grads: out }));
