/**
 * A one-channel U-Net's input and output on pre-sized planes: image -> size x size gray (the trainers' way),
 * and the network's P per pixel. Shared by the lung model and the lesion segmenter.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GrayImage } from '../image/grayImage';
import { assertGrayImage } from '../image/grayImage';
import { resizeGray } from '../image/resizeGray';
import type { LungUnet } from './buildLungUnet';

/** Image -> size x size gray, the way the trainer prepares images. */
export function lungInput(gray: GrayImage, size: number): Float32Array {
  assertGrayImage(gray, 'lung model input');
  return resizeGray(gray, size, size, 'auto').data;
}

/** Runs the network on pre-sized gray planes (each size*size); returns one probability plane each. */
export async function lungProbabilities(net: LungUnet, planes: Float32Array[], size: number): Promise<Float32Array[]> {
  if (planes.length === 0) return [];
  const n = size * size;
  const buf = new Float32Array(planes.length * n);
  planes.forEach((p, i) => {
    if (p.length !== n) throw new RangeError(`lungProbabilities: plane ${i} has ${p.length} values, expected ${n}`);
    for (let j = 0; j < n; j++) buf[i * n + j] = 2 * Math.min(1, Math.max(0, p[j]!)) - 1;
  });
  const probs = tf.tidy(() => tf.sigmoid(net.apply(tf.tensor4d(buf, [planes.length, size, size, 1]))));
  try {
    const all = (await probs.data()) as Float32Array;
    return planes.map((_, i) => all.slice(i * n, (i + 1) * n));
  } finally {
    probs.dispose();
  }
}

/** Probabilities of a trained net on pre-sized planes, 16 at a time. */
export async function unetPlaneProbabilities(net: LungUnet, planes: Float32Array[], size: number): Promise<Float32Array[]> {
  const probs: Float32Array[] = [];
  for (let i = 0; i < planes.length; i += 16) probs.push(...await lungProbabilities(net, planes.slice(i, i + 16), size));
  return probs;
}
