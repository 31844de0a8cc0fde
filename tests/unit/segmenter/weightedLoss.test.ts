import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { lungLoss } from '../../../engine/src/unet/lungLoss';
import { initBackend } from '../../../engine/src/tf/backends';
import { mulberry32 } from '../../../engine/src/util/mulberry32';

before(async () => { await initBackend('cpu'); });

function batch(seed: number, n: number): { z: tf.Tensor4D; g: tf.Tensor4D } {
  const r = mulberry32(seed);
  const z = Float32Array.from({ length: n * 8 * 8 }, () => (r() - 0.5) * 6);
  const g = Float32Array.from({ length: n * 8 * 8 }, () => (r() < 0.3 ? 1 : 0));
  return { z: tf.tensor4d(z, [n, 8, 8, 1]), g: tf.tensor4d(g, [n, 8, 8, 1]) };
}

const val = (t: tf.Tensor): number => t.dataSync()[0]!;

test('the weighted segmenter loss: all weights 1 is the unweighted loss; weight 0 removes an image', () => {
  const { z, g } = batch(3, 3);
  const plain = lungLoss(z, g).map(val);
  const ones = lungLoss(z, g, tf.ones([3, 1, 1, 1]) as tf.Tensor4D).map(val);
  plain.forEach((v, i) => assert.ok(Math.abs(v - ones[i]!) < 1e-5, `term ${i}: ${v} vs ${ones[i]}`));
  // Weight 0 on the third image = the loss of the first two alone.
  const two = lungLoss(tf.slice(z, [0, 0, 0, 0], [2, 8, 8, 1]), tf.slice(g, [0, 0, 0, 0], [2, 8, 8, 1])).map(val);
  const w = lungLoss(z, g, tf.tensor4d([1, 1, 0], [3, 1, 1, 1])).map(val);
  two.forEach((v, i) => assert.ok(Math.abs(v - w[i]!) < 1e-5, `term ${i}: ${v} vs ${w[i]}`));
  // A half-weighted image counts less: the loss moves toward the others'.
  const half = val(lungLoss(z, g, tf.tensor4d([1, 1, 0.5], [3, 1, 1, 1]))[0]);
  assert.ok(Math.min(plain[0]!, two[0]!) <= half + 1e-6 && half <= Math.max(plain[0]!, two[0]!) + 1e-6, `${half} between ${two[0]} and ${plain[0]}`);
  assert.throws(() => lungLoss(z, g, tf.ones([2, 1, 1, 1]) as tf.Tensor4D), RangeError);
});
