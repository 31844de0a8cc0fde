/**
 * WGAN-GP (Gulrajani et al. 2017): the critic's gradient norm on random interpolates between real and fake
 * images is pushed towards 1, lambda * E[(||grad_x D(x_hat)||_2 - 1)^2]. Needs a second-order gradient
 * (the penalty's gradient with respect to the critic's weights), which TF.js records when tf.grad runs
 * inside an optimizer's minimize.
 */
import * as tf from '@tensorflow/tfjs-core';
import { withCompositeInstanceNorm } from '../tf/kernels/wasmInstanceNorm';
import '../tf/kernels/gradients';
import { mulberry32 } from '../util/mulberry32';

/** Per-sample critic value: the mean of the PatchGAN's patch scores, [N]. */
export function criticValue(critic: (x: tf.Tensor4D) => tf.Tensor4D, x: tf.Tensor4D): tf.Tensor1D {
  return tf.mean(critic(x), [1, 2, 3]) as tf.Tensor1D;
}

/**
 * The penalty (without lambda) for a batch: x_hat = mix * real + (1 - mix) * fake, one mix value in [0, 1]
 * per sample. The critic must treat samples independently (no batch statistics), as instance norm does.
 */
export function gradientPenalty(critic: (x: tf.Tensor4D) => tf.Tensor4D, real: tf.Tensor4D, fake: tf.Tensor4D, mix: Float32Array): tf.Scalar {
  const n = real.shape[0];
  if (mix.length !== n) throw new RangeError(`gradientPenalty: ${mix.length} mix values for a batch of ${n}`);
  // The penalty is differentiated again (a gradient of a gradient): the composite instance norm, which can be.
  return withCompositeInstanceNorm(() => tf.tidy(() => {
    const e = tf.tensor4d(mix, [n, 1, 1, 1]);
    const xHat = tf.add(tf.mul(real, e), tf.mul(fake, tf.sub(1, e))) as tf.Tensor4D;
    const g = tf.grad((x: tf.Tensor) => tf.sum(criticValue(critic, x as tf.Tensor4D)))(xHat);
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
    return tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar;
  }));
}

/** The interpolation weights of a step: seeded, so a resumed run draws what an uninterrupted one would. */
export function penaltyMix(n: number, seed: number, step: number, stream: number): Float32Array {
  const r = mulberry32((Math.imul(seed, 0x27d4eb2d) ^ Math.imul(step + 1, 0x165667b1) ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
  return Float32Array.from({ length: n }, () => r());
}
