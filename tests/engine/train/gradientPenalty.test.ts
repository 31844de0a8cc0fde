/**
 * WGAN-GP's gradient penalty needs second-order gradients (the penalty's gradient with respect to the
 * critic's weights through the critic's input gradient). Checked on the real TF.js cpu and wasm backends:
 * against the closed form for a linear critic, and against central finite differences for the real
 * PatchGAN critic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { buildDiscriminator } from '../../../engine/src/model/buildDiscriminator';
import { initBackend } from '../../../engine/src/tf/backends';
import { gradientPenalty, penaltyMix } from '../../../engine/src/train/gradientPenalty';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: the penalty of a linear critic and its gradient match the closed form`, async () => {
    await initBackend(backend);
    const S = 4;
    const wv = Float32Array.from({ length: S * S }, (_, i) => 0.05 * (i % 5) - 0.07);
    const w = tf.variable(tf.tensor4d(wv, [1, S, S, 1]));
    const critic = (x: tf.Tensor4D) => tf.mul(x, w) as tf.Tensor4D; // patch scores; their mean = sum(w x) / S^2
    const real = tf.randomUniform([2, S, S, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const fake = tf.randomUniform([2, S, S, 1], -1, 1, 'float32', 2) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => gradientPenalty(critic, real, fake, Float32Array.from([0.3, 0.8])), [w]);
    // d/dx of mean(w x) is w / S^2 whatever x is: norm n = ||w|| / S^2, penalty (n - 1)^2.
    const norm = Math.hypot(...wv) / (S * S);
    assert.ok(Math.abs(value.dataSync()[0]! - (norm - 1) ** 2) < 1e-5, `penalty ${value.dataSync()[0]} vs ${(norm - 1) ** 2}`);
    // d penalty / d w = 2 (n - 1) * w / (||w|| S^2).
    const g = grads[w.name]!.dataSync();
    const k = (2 * (norm - 1)) / (Math.hypot(...wv) * S * S);
    wv.forEach((v, i) => assert.ok(Math.abs(g[i]! - k * v) < 1e-5, `grad[${i}] ${g[i]} vs ${k * v}`));
    tf.dispose([value, ...Object.values(grads)]);
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    tf.dispose([w, real, fake]);
  });

  test(`${backend}: the PatchGAN critic's penalty gradient matches finite differences`, async () => {
    await initBackend(backend);
    const d = buildDiscriminator({ name: 'D_test', ndf: 2, layers: 2, seed: 7 });
    try {
      const real = tf.randomUniform([2, 16, 16, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
      const fake = tf.randomUniform([2, 16, 16, 1], -1, 1, 'float32', 4) as tf.Tensor4D;
      const mix = penaltyMix(2, 1, 0, 0);
      const f = () => gradientPenalty(d.apply, real, fake, mix);
      const vars = d.params.list();
      const { value, grads } = tf.variableGrads(f, vars);
      assert.ok(Number.isFinite(value.dataSync()[0]!));
      // The penalty is only piecewise smooth in the weights (a LeakyReLU pre-activation changing sign makes
      // the input gradient jump), so a finite difference is taken at the first step size where the left and
      // right differences agree, i.e. where no sign flips inside [w - eps, w + eps].
      let checked = 0;
      for (const v of [vars[0]!, vars[vars.length - 2]!]) {
        const g = grads[v.name]!.dataSync();
        const orig = v.dataSync().slice();
        for (const i of [0, Math.floor(orig.length / 2), orig.length - 1]) {
          const at = (delta: number): number => {
            const copy = orig.slice();
            copy[i]! += delta;
            v.assign(tf.tensor(copy, v.shape));
            const p = f();
            const out = p.dataSync()[0]!;
            p.dispose();
            return out;
          };
          const f0 = at(0);
          for (const eps of [3e-4, 1e-3, 1e-4]) {
            const left = (f0 - at(-eps)) / eps;
            const right = (at(eps) - f0) / eps;
            if (Math.abs(left - right) > 0.05 * Math.max(Math.abs(left), Math.abs(right)) + 5e-3) continue;
            const fd = (left + right) / 2;
            assert.ok(Math.abs(g[i]! - fd) < 5e-3 + 0.05 * Math.abs(fd), `${v.name}[${i}]: autodiff ${g[i]} vs finite difference ${fd} (eps ${eps})`);
            checked++;
            break;
          }
          v.assign(tf.tensor(orig, v.shape));
        }
      }
      assert.ok(checked >= 4, `only ${checked} of 6 weights had a smooth neighbourhood to check`);
      tf.dispose([value, ...Object.values(grads), real, fake]);
    } finally {
      d.dispose();
    }
  });
}

test('penaltyMix is seeded, in [0, 1) and differs between steps', () => {
  const a = penaltyMix(4, 1, 10, 0);
  assert.deepEqual(a, penaltyMix(4, 1, 10, 0));
  assert.notDeepEqual(a, penaltyMix(4, 1, 11, 0));
  assert.notDeepEqual(a, penaltyMix(4, 1, 10, 1));
  assert.ok(a.every((v) => v >= 0 && v < 1));
});
