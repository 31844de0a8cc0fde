/**
 * Functional building blocks (NHWC float32 tensors). None of them owns variables; call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedInstanceNorm } from '../tf/kernels/wasmInstanceNorm';

/** Standard deviation of the N(0, std) weight initialisation (CycleGAN / pix2pix). */
export const INIT_STD = 0.02;

/**
 * Instance normalisation without affine parameters: per image and channel over H, W. One fused kernel where
 * the backend has it (wasm), else the composite.
 */
export function instanceNorm(x: tf.Tensor4D, eps = 1e-5): tf.Tensor4D {
  const fused = fusedInstanceNorm(x, eps);
  if (fused) return fused as tf.Tensor4D;
  const { mean, variance } = tf.moments(x, [1, 2], true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))) as tf.Tensor4D;
}

/** Reflection padding of p pixels on H and W. */
export function reflectPad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  return tf.mirrorPad(x, [[0, 0], [p, p], [p, p], [0, 0]], 'reflect');
}

/** Convolution; `pad` 'reflect' pads by floor(k/2) with reflection then convolves 'valid'. */
export function conv(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: 'same' | 'valid' | 'reflect'): tf.Tensor4D {
  if (pad === 'reflect') return tf.conv2d(reflectPad(x, Math.floor(w.shape[0] / 2)), w, stride, 'valid');
  return tf.conv2d(x, w, stride, pad);
}

/** 2x upsampling transposed convolution; w is [k, k, outChannels, inChannels]. */
export function upConv(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const [n, h, wd] = x.shape;
  return tf.conv2dTranspose(x, w, [n, h * 2, wd * 2, w.shape[2]], 2, 'same');
}

/** Mean of squares of (a - target) (LSGAN). */
export function mse(a: tf.Tensor, target: number): tf.Scalar {
  return tf.mean(tf.square(tf.sub(a, target)));
}

/** Mean absolute value. */
export function meanAbs(a: tf.Tensor): tf.Scalar {
  return tf.mean(tf.abs(a));
}
