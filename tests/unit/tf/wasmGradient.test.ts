/**
 * A full gradient of a small generator (all layer kinds: reflect pad, strided conv, residual blocks,
 * transposed conv, instance norm, attention head) on wasm matches the stock cpu backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { buildGenerator } from '../../../engine/src/model/buildGenerator';
import { initBackend } from '../../../engine/src/tf/backends';

async function gradients(backend: string): Promise<Map<string, Float32Array>> {
  await initBackend(backend);
  const g = buildGenerator({ name: 'G_A2N', ngf: 4, depth: 2, attention: true, seed: 7 });
  try {
    const x = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 3), 2), 1)) as tf.Tensor4D;
    const target = tf.tidy(() => tf.randomUniform([2, 16, 16, 1], -0.5, 0.5, 'float32', 4));
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(g.apply(x), target))), g.params.list());
    const out = new Map<string, Float32Array>();
    for (const [name, v] of g.params.entries()) out.set(name, (await grads[v.name]!.data()) as Float32Array);
    tf.dispose([x, target, value, ...Object.values(grads)]);
    return out;
  } finally {
    g.dispose();
  }
}

test('generator gradient on wasm == cpu (every variable)', async () => {
  const cpu = await gradients('cpu');
  const wasm = await gradients('wasm');
  assert.equal(wasm.size, cpu.size);
  for (const [name, ref] of cpu) {
    const got = wasm.get(name)!;
    let maxAbs = 0;
    let maxDiff = 0;
    for (let i = 0; i < ref.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(ref[i]!));
      maxDiff = Math.max(maxDiff, Math.abs(got[i]! - ref[i]!));
    }
    assert.ok(maxAbs > 0, `${name}: cpu gradient is all zeros`);
    assert.ok(maxDiff <= 2e-3 * maxAbs, `${name}: max |wasm - cpu| ${maxDiff} vs max |cpu| ${maxAbs}`);
  }
});
