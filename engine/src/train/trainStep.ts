/**
 * One TagGAN optimisation step (CycleGAN-style, LSGAN), every part inside tf.tidy:
 *  1. classifier (if any): BCE on real abnormal (1) and normal (0) images;
 *  2. generators: adversarial + cycle L1 + identity [+ classifier says x - m is normal] [+ CAM loss];
 *  3. discriminators: real vs the generators' fakes of step 2 (kept, then disposed).
 * Returns the loss values as numbers (read back once per step).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../tf/kernels/gradients';
import type { TagGanNets } from '../model/buildTagGan';
import { gradCamTensor } from '../model/gradCam';
import { meanAbs, mse } from '../model/layers';
import type { LossWeights } from './trainConfig';

export interface Optimizers {
  g: tf.Optimizer;
  d: tf.Optimizer;
  c: tf.Optimizer | null;
}

/** Named loss values of one step. */
export type StepLosses = Record<string, number>;

/** Mean binary cross-entropy of logits z against a constant label y (numerically stable). */
function bceWithLogits(z: tf.Tensor, y: tf.Tensor | number): tf.Scalar {
  return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
}

export function createOptimizers(nets: TagGanNets, learningRate: number, beta1: number): Optimizers {
  return {
    g: tf.train.adam(learningRate, beta1, 0.999),
    d: tf.train.adam(learningRate, beta1, 0.999),
    c: nets.classifier ? tf.train.adam(learningRate, beta1, 0.999) : null,
  };
}

export function disposeOptimizers(o: Optimizers): void {
  o.g.dispose();
  o.d.dispose();
  o.c?.dispose();
}

/** xA: abnormal batch, xN: normal batch, both [B, S, S, 1] in [-1, 1]. */
export async function trainStep(nets: TagGanNets, opt: Optimizers, w: LossWeights, xA: tf.Tensor4D, xN: tf.Tensor4D): Promise<StepLosses> {
  const { gA2N, gN2A, dN, dA, classifier: C } = nets;
  const kept: tf.Tensor[] = [];
  const report: [string, tf.Tensor][] = [];
  const keep = <T extends tf.Tensor>(name: string | null, t: T): T => {
    const k = tf.keep(t);
    kept.push(k);
    if (name) report.push([name, k]);
    return k;
  };
  try {
    // 1. classifier on real images (before the CAM it provides).
    if (C && opt.c) {
      const cl = opt.c.minimize(() => tf.tidy(() => {
        const z = C.logit(tf.concat([xA, xN], 0) as tf.Tensor4D);
        const y = tf.concat([tf.ones([xA.shape[0]]), tf.zeros([xN.shape[0]])]);
        return bceWithLogits(z, y);
      }), true, C.params.list());
      keep('C', cl!);
    }
    const cam = C && w.cam > 0 ? keep(null, tf.tidy(() => gradCamTensor(C, xA))) : null;

    // 2. generators.
    let fakeN: tf.Tensor4D | undefined;
    let fakeA: tf.Tensor4D | undefined;
    const gl = opt.g.minimize(() => tf.tidy(() => {
      const m = gA2N.apply(xA);
      const xNf = tf.sub(xA, m) as tf.Tensor4D;
      const recA = tf.add(xNf, gN2A.apply(xNf));
      const d = gN2A.apply(xN);
      const xAf = tf.add(xN, d) as tf.Tensor4D;
      const recN = tf.sub(xAf, gA2N.apply(xAf));
      const adv = tf.add(mse(dN.apply(xNf), 1), mse(dA.apply(xAf), 1));
      const cyc = tf.add(meanAbs(tf.sub(recA, xA)), meanAbs(tf.sub(recN, xN)));
      const idt = tf.add(meanAbs(gA2N.apply(xN)), meanAbs(gN2A.apply(xA)));
      let total = tf.addN([tf.mul(adv, w.adv), tf.mul(cyc, w.cycle), tf.mul(idt, w.identity)]);
      keep('G_adv', adv);
      keep('G_cycle', cyc);
      keep('G_identity', idt);
      if (C && w.cls > 0) {
        const cls = bceWithLogits(C.logit(xNf), 0);
        keep('G_cls', cls);
        total = tf.add(total, tf.mul(cls, w.cls));
      }
      if (cam) {
        const camL = tf.mean(tf.mul(tf.abs(m), tf.sub(1, cam)));
        keep('G_cam', camL);
        total = tf.add(total, tf.mul(camL, w.cam));
      }
      keep('map_mean', tf.mean(tf.abs(m)));
      fakeN = keep(null, xNf);
      fakeA = keep(null, xAf);
      return total as tf.Scalar;
    }), true, [...gA2N.params.list(), ...gN2A.params.list()]);
    keep('G', gl!);

    // 3. discriminators on real vs the fakes of step 2 (constants here).
    const dl = opt.d.minimize(() => tf.tidy(() => {
      const lN = tf.mul(tf.add(mse(dN.apply(xN), 1), mse(dN.apply(fakeN!), 0)), 0.5);
      const lA = tf.mul(tf.add(mse(dA.apply(xA), 1), mse(dA.apply(fakeA!), 0)), 0.5);
      return tf.add(lN, lA) as tf.Scalar;
    }), true, [...dN.params.list(), ...dA.params.list()]);
    keep('D', dl!);

    const values = await Promise.all(report.map(([, t]) => t.data()));
    const out: StepLosses = {};
    report.forEach(([name], i) => (out[name] = values[i]![0]!));
    return out;
  } finally {
    tf.dispose(kept);
  }
}
