import * as tf from '@tensorflow/tfjs-core';
import { INIT_STD, conv } from './layers';
import { ParamStore } from './paramStore';

export interface ClassifierOptions {
  /** Width of the first layer (doubling per layer, at most 8x). */
  nf: number;
  /** Stride-2 conv layers before global average pooling. */
  layers: number;
  seed: number;
}

export interface Classifier {
  readonly opts: Readonly<ClassifierOptions>;
  readonly params: ParamStore;
  /** x: [N, S, S, 1] in [-1, 1] -> last conv feature maps [N, S / 2^layers, S / 2^layers, C] (Grad-CAM target). */
  features(x: tf.Tensor4D): tf.Tensor4D;
  /** features -> abnormality logit [N] (sigmoid = probability abnormal). */
  head(features: tf.Tensor4D): tf.Tensor1D;
  /** head(features(x)). */
  logit(x: tf.Tensor4D): tf.Tensor1D;
  dispose(): void;
}

/**
 * Auxiliary normal/abnormal classifier (TBVA-GAN): `layers` x (3x3 conv stride 2 + bias, LeakyReLU 0.2),
 * global average pooling, dense -> one logit. No normalisation layers, so a single image is scored the
 * same alone or in a batch.
 */
export function buildClassifier(opts: ClassifierOptions): Classifier {
  const { nf, layers, seed } = opts;
  if (!Number.isInteger(nf) || nf < 1) throw new RangeError(`buildClassifier: nf must be a positive integer, got ${nf}`);
  if (!Number.isInteger(layers) || layers < 1 || layers > 8) throw new RangeError(`buildClassifier: layers must be 1..8, got ${layers}`);
  const p = new ParamStore('C', seed);
  const convs: [tf.Variable, tf.Variable][] = [];
  let cin = 1;
  for (let i = 0; i < layers; i++) {
    const cout = nf * Math.min(2 ** i, 8);
    // He-style init: no normalisation layers here, so activations must keep their scale.
    convs.push([p.create(`c${i}`, [3, 3, cin, cout], Math.sqrt(2 / (9 * cin))), p.create(`c${i}_b`, [cout], 0)]);
    cin = cout;
  }
  const fc = p.create('fc', [cin, 1], Math.sqrt(1 / cin));
  const fcB = p.create('fc_b', [1], 0);

  function features(x: tf.Tensor4D): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== 1) throw new RangeError(`C: input must be [N, S, S, 1], got [${x.shape}]`);
    return tf.tidy(() => {
      let h = x;
      for (const [w, b] of convs) h = tf.leakyRelu(tf.add(conv(h, w as tf.Tensor4D, 2, 'same'), b), 0.2) as tf.Tensor4D;
      return h;
    });
  }
  function head(f: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(tf.add(tf.matMul(tf.mean(f, [1, 2]) as tf.Tensor2D, fc as tf.Tensor2D), fcB), [-1]) as tf.Tensor1D);
  }
  return {
    opts: { ...opts }, params: p, features, head,
    logit: (x) => tf.tidy(() => head(features(x))),
    dispose: () => p.dispose(),
  };
}
