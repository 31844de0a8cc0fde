/**
 * Inference API: a trained model folder -> disease maps, healthy counterparts, and (when the model has
 * the auxiliary classifier) Grad-CAM heat maps and abnormality probabilities. Call after a backend is
 * chosen (initBackend). Outputs are at the model's input size (metadata.arch.size, square); resizing to
 * the image's own resolution is the caller's job (e.g. image/resizeGray).
 */
import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../errors';
import type { GrayImage } from '../image/grayImage';
import '../tf/kernels/gradients';
import { buildClassifier, type Classifier } from './buildClassifier';
import { buildGenerator, type Generator } from './buildGenerator';
import { readMetadata, restoreWeights } from './checkpoint';
import { gradCamTensor } from './gradCam';
import type { ModelMetadata } from './metadata';
import { grayToInput } from './normalize';

/** What predict() returns; every array is size*size, row-major, at the model's input size. */
export interface Prediction {
  size: number;
  /**
   * Disease map |m| / 2 in gray units, in [0, 1]: how much the image differs from its healthy
   * counterpart at each pixel (0 = nothing to change, larger = more abnormal).
   */
  map: Float32Array;
  /** m / 2 in gray units, in (-1, 1): positive where the image is brighter than its healthy counterpart (opacity). */
  signedMap: Float32Array;
  /** Healthy counterpart (x - m), gray [0, 1] (clipped). */
  healthy: Float32Array;
}

export interface TagGanModel {
  readonly dir: string;
  readonly metadata: ModelMetadata;
  readonly size: number;
  readonly hasClassifier: boolean;
  predict(gray: GrayImage): Promise<Prediction>;
  /** Grad-CAM heat map [0, 1], size*size. Throws MODEL when the model has no classifier. */
  gradCam(gray: GrayImage): Promise<Float32Array>;
  /** Probability that the image is abnormal. Throws MODEL when the model has no classifier. */
  classify(gray: GrayImage): Promise<number>;
  dispose(): void;
}

/** Loads a model folder written by the trainer (metadata.json + weights.bin). */
export function loadModel(dir: string): TagGanModel {
  const metadata = readMetadata(dir);
  const { arch } = metadata;
  const owned: { dispose(): void }[] = [];
  let gen: Generator;
  let cls: Classifier | null = null;
  try {
    gen = buildGenerator({ name: 'G_A2N', ngf: arch.ngf, depth: arch.depth, attention: arch.attention, seed: 0 });
    owned.push(gen);
    if (arch.classifier) {
      cls = buildClassifier({ ...arch.classifier, seed: 0 });
      owned.push(cls);
    }
    restoreWeights(dir, metadata, [gen.params, ...(cls ? [cls.params] : [])]);
  } catch (e) {
    for (const o of owned) o.dispose();
    throw e;
  }
  let disposed = false;
  const alive = (): void => {
    if (disposed) throw new EngineError('MODEL', 'model used after dispose()', dir);
  };
  const needClassifier = (): Classifier => {
    alive();
    if (!cls) throw new EngineError('MODEL', 'this model has no classifier (train with the classifier option)', dir);
    return cls;
  };
  const size = arch.size;

  return {
    dir, metadata, size, hasClassifier: cls !== null,
    async predict(gray) {
      alive();
      const [mT, hT] = tf.tidy(() => {
        const x = grayToInput([gray], size);
        const m = gen.apply(x);
        const healthy = tf.clipByValue(tf.div(tf.add(tf.sub(x, m), 1), 2), 0, 1);
        return [tf.div(m, 2), healthy];
      });
      try {
        const signedMap = (await mT!.data()) as Float32Array;
        const healthy = (await hT!.data()) as Float32Array;
        const map = new Float32Array(signedMap.length);
        for (let i = 0; i < map.length; i++) map[i] = Math.abs(signedMap[i]!);
        return { size, map, signedMap, healthy };
      } finally {
        tf.dispose([mT!, hT!]);
      }
    },
    async gradCam(gray) {
      const c = needClassifier();
      const t = tf.tidy(() => gradCamTensor(c, grayToInput([gray], size)));
      try {
        return (await t.data()) as Float32Array;
      } finally {
        t.dispose();
      }
    },
    async classify(gray) {
      const c = needClassifier();
      const t = tf.tidy(() => tf.sigmoid(c.logit(grayToInput([gray], size))));
      try {
        return (await t.data())[0]!;
      } finally {
        t.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const o of owned) o.dispose();
    },
  };
}
