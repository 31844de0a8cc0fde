/**
 * trainStep runs the six generator passes as three batched calls and scores real and fake images of a
 * discriminator as one batch (LSGAN). The losses it reports must equal the textbook formulation with one
 * call per pass (instance norm is per image, so batching changes nothing but float rounding), on cpu and wasm.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { buildTagGan, type TagGanNets } from '../../../engine/src/model/buildTagGan';
import { meanAbs, mse } from '../../../engine/src/model/layers';
import { initBackend } from '../../../engine/src/tf/backends';
import { DEFAULT_LOSS } from '../../../engine/src/train/trainConfig';
import { createOptimizers, disposeOptimizers, trainStep } from '../../../engine/src/train/trainStep';

/** The losses of one step with one generator call per pass, before any update. */
function reference(nets: TagGanNets, xA: tf.Tensor4D, xN: tf.Tensor4D): Record<string, number> {
  return tf.tidy(() => {
    const { gA2N, gN2A, dN, dA } = nets;
    const m = gA2N.apply(xA);
    const xNf = tf.sub(xA, m) as tf.Tensor4D;
    const recA = tf.add(xNf, gN2A.apply(xNf));
    const xAf = tf.add(xN, gN2A.apply(xN)) as tf.Tensor4D;
    const recN = tf.sub(xAf, gA2N.apply(xAf));
    const adv = tf.add(mse(dN.apply(xNf), 1), mse(dA.apply(xAf), 1));
    const cyc = tf.add(meanAbs(tf.sub(recA, xA)), meanAbs(tf.sub(recN, xN)));
    const idt = tf.add(meanAbs(gA2N.apply(xN)), meanAbs(gN2A.apply(xA)));
    const d = tf.add(
      tf.mul(tf.add(mse(dN.apply(xN), 1), mse(dN.apply(xNf), 0)), 0.5),
      tf.mul(tf.add(mse(dA.apply(xA), 1), mse(dA.apply(xAf), 0)), 0.5),
    );
    const v = (t: tf.Tensor): number => t.dataSync()[0]!;
    return { G_adv: v(adv), G_cycle: v(cyc), G_identity: v(idt), D: v(d), map_mean: v(meanAbs(m)) };
  });
}

for (const backend of ['cpu', 'wasm']) test(`${backend}: batched step reports the losses of the one-call-per-pass formulation`, async () => {
  await initBackend(backend);
  const nets = buildTagGan({ size: 32, ngf: 4, depth: 2, ndf: 4, dLayers: 3, attention: true, classifier: null }, 5);
  const opt = createOptimizers(nets, 2e-4, 0.5);
  const xA = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([3, 32, 32, 1], 0, 1, 'float32', 1), 2), 1)) as tf.Tensor4D;
  const xN = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 2), 2), 1)) as tf.Tensor4D;
  try {
    const want = reference(nets, xA, xN);
    const got = await trainStep(nets, opt, DEFAULT_LOSS, xA, xN);
    for (const [k, v] of Object.entries(want)) {
      assert.ok(Number.isFinite(got[k]), `${k} reported`);
      assert.ok(Math.abs(got[k]! - v) <= 1e-5 * Math.max(1, Math.abs(v)), `${k}: batched ${got[k]} vs reference ${v}`);
    }
  } finally {
    tf.dispose([xA, xN]);
    disposeOptimizers(opt);
    nets.dispose();
  }
});

test('lung prior: changes are gated to the lung fields and the discriminators judge only them', async () => {
  await initBackend('cpu');
  const nets = buildTagGan({ size: 32, ngf: 4, depth: 1, ndf: 4, dLayers: 3, attention: false, classifier: null }, 6);
  const opt = createOptimizers(nets, 2e-4, 0.5);
  const xA = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 3), 2), 1)) as tf.Tensor4D;
  const xN = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 4), 2), 1)) as tf.Tensor4D;
  // "Lungs": the left half of each abnormal image, the top half of each normal one.
  const lungA = tf.tidy(() => tf.concat([tf.ones([2, 32, 16, 1]), tf.zeros([2, 32, 16, 1])], 2)) as tf.Tensor4D;
  const lungN = tf.tidy(() => tf.concat([tf.ones([2, 16, 32, 1]), tf.zeros([2, 16, 32, 1])], 1)) as tf.Tensor4D;
  try {
    const want = tf.tidy(() => {
      const { gA2N, gN2A, dN, dA } = nets;
      const m = tf.mul(gA2N.apply(xA), lungA);
      const xNf = tf.sub(xA, m) as tf.Tensor4D;
      const xAf = tf.add(xN, tf.mul(gN2A.apply(xN), lungN)) as tf.Tensor4D;
      const recA = tf.add(xNf, tf.mul(gN2A.apply(xNf), lungA));
      const recN = tf.sub(xAf, tf.mul(gA2N.apply(xAf), lungN));
      const v = (t: tf.Tensor): number => t.dataSync()[0]!;
      const seen = (t: tf.Tensor4D, k: tf.Tensor4D): tf.Tensor4D => tf.mul(t, k) as tf.Tensor4D;
      return {
        map_mean: v(meanAbs(m)),
        G_adv: v(tf.add(mse(dN.apply(seen(xNf, lungA)), 1), mse(dA.apply(seen(xAf, lungN)), 1))),
        G_cycle: v(tf.add(meanAbs(tf.sub(recA, xA)), meanAbs(tf.sub(recN, xN)))),
        G_identity: v(tf.add(meanAbs(tf.mul(gA2N.apply(xN), lungN)), meanAbs(tf.mul(gN2A.apply(xA), lungA)))),
        D: v(tf.add(
          tf.mul(tf.add(mse(dN.apply(seen(xN, lungN)), 1), mse(dN.apply(seen(xNf, lungA)), 0)), 0.5),
          tf.mul(tf.add(mse(dA.apply(seen(xA, lungA)), 1), mse(dA.apply(seen(xAf, lungN)), 0)), 0.5),
        )),
        ungated: v(meanAbs(gA2N.apply(xA))),
      };
    });
    const got = await trainStep(nets, opt, DEFAULT_LOSS, xA, xN, undefined, { lungA, lungN });
    for (const k of ['map_mean', 'G_adv', 'G_cycle', 'G_identity', 'D'] as const) {
      assert.ok(Math.abs(got[k]! - want[k]) <= 1e-5 * Math.max(1, Math.abs(want[k])), `${k}: ${got[k]} vs ${want[k]}`);
    }
    assert.ok(want.map_mean < 0.75 * want.ungated, 'the gate removed the change outside the lungs');
  } finally {
    tf.dispose([xA, xN, lungA, lungN]);
    disposeOptimizers(opt);
    nets.dispose();
  }
});
