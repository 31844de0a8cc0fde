/**
 * One TagGAN optimisation step (CycleGAN-style), every part inside tf.tidy:
 *  1. classifier (if any): BCE on real abnormal (1) and normal (0) images;
 *  2. generators: adversarial + cycle L1 + identity [+ classifier says x - m is normal] [+ CAM loss];
 *  3. discriminators: real vs the generators' fakes of step 2 (kept, then disposed).
 * Adversarial losses: LSGAN (least squares, targets 1 real / 0 fake), or WGAN-GP (critic D(fake) - D(real)
 * + lambda * gradient penalty + a small drift term 0.001 * D(real)^2 that keeps the scores near 0; the
 * generator minimises -D(fake)); one critic update per generator update, as CycleGAN schedules it.
 * Generator passes that share a generator run as one batch (3 calls instead of 6), and with LSGAN each
 * discriminator scores its real and fake images as one batch.
 * Returns the loss values as numbers (read back once per step).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../tf/kernels/gradients';
import type { TagGanNets } from '../model/buildTagGan';
import { adam } from './fusedAdam';
import { gradCamTensor } from '../model/gradCam';
import { meanAbs, mse } from '../model/layers';
import { criticValue, gradientPenalty, penaltyMix } from './gradientPenalty';
import type { Adversarial, LossWeights } from './trainConfig';

/** Which adversarial loss, and for WGAN-GP what seeds the step's interpolates. */
export interface AdversarialStep {
  kind: Adversarial;
  seed: number;
  step: number;
}

const DRIFT = 0.001;

export interface Optimizers {
  g: tf.Optimizer;
  d: tf.Optimizer;
  c: tf.Optimizer | null;
}

/** Named loss values of one step. */
export type StepLosses = Record<string, number>;

/** `t` kept inside `mask` (the lung prior's regions), or `t` itself without a prior. */
function gate(t: tf.Tensor4D, mask: tf.Tensor4D | undefined): tf.Tensor4D {
  return mask ? tf.mul(t, mask) as tf.Tensor4D : t;
}

/** Mean binary cross-entropy of logits z against a constant label y (numerically stable). */
function bceWithLogits(z: tf.Tensor, y: tf.Tensor | number): tf.Scalar {
  return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
}

export function createOptimizers(nets: TagGanNets, learningRate: number, beta1: number): Optimizers {
  return {
    g: adam(learningRate, beta1, 0.999),
    d: adam(learningRate, beta1, 0.999),
    c: nets.classifier ? adam(learningRate, beta1, 0.999) : null,
  };
}

export function disposeOptimizers(o: Optimizers): void {
  o.g.dispose();
  o.d.dispose();
  o.c?.dispose();
}

/**
 * The lung prior, per image [B, S, S, 1], 1 in the (grown) lung fields: the generators' changes are gated to
 * them (m = G(x) * lungs) and the discriminators see only them (x * lungs), so neither the change nor its
 * judge can use what lies outside (labels, collimation, a source's typical borders).
 */
export interface ChangeRegions {
  lungA: tf.Tensor4D;
  lungN: tf.Tensor4D;
}

/** xA: abnormal batch, xN: normal batch, both [B, S, S, 1] in [-1, 1]. */
export async function trainStep(
  nets: TagGanNets, opt: Optimizers, w: LossWeights, xA: tf.Tensor4D, xN: tf.Tensor4D,
  adversarial: AdversarialStep = { kind: 'lsgan', seed: 0, step: 0 },
  regions?: ChangeRegions,
): Promise<StepLosses> {
  const wgan = adversarial.kind === 'wgan-gp';
  /** Generator's adversarial term for fakes scored by critic D. */
  const genAdv = (d: (x: tf.Tensor4D) => tf.Tensor4D, fake: tf.Tensor4D): tf.Scalar => (wgan ? tf.neg(tf.mean(criticValue(d, fake))) as tf.Scalar : mse(d(fake), 1));
  /** Discriminator loss for one domain. */
  const discLoss = (d: (x: tf.Tensor4D) => tf.Tensor4D, real: tf.Tensor4D, fake: tf.Tensor4D, stream: number): tf.Scalar => {
    if (!wgan) {
      const [sReal, sFake] = tf.split(d(tf.concat([real, fake], 0) as tf.Tensor4D), [real.shape[0], fake.shape[0]], 0);
      return tf.mul(tf.add(mse(sReal!, 1), mse(sFake!, 0)), 0.5) as tf.Scalar;
    }
    const vReal = criticValue(d, real);
    const gp = gradientPenalty(d, real, fake, penaltyMix(real.shape[0], adversarial.seed, adversarial.step, stream));
    return tf.addN([tf.sub(tf.mean(criticValue(d, fake)), tf.mean(vReal)), tf.mul(gp, w.gp), tf.mul(tf.mean(tf.square(vReal)), DRIFT)]) as tf.Scalar;
  };
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
      // Six generator passes in three calls: images that go through the same generator share one batch
      // (instance norm is per image, so this is the same function; fewer, larger kernels).
      const nA = xA.shape[0];
      const nN = xN.shape[0];
      // Lung prior: generators may change the lung fields only, and the discriminators judge only them.
      const lungA = regions?.lungA;
      const lungN = regions?.lungN;
      const [mRaw, idtNRaw] = tf.split(gA2N.apply(tf.concat([xA, xN], 0) as tf.Tensor4D), [nA, nN], 0) as [tf.Tensor4D, tf.Tensor4D];
      const m = gate(mRaw, lungA);
      const idtN = gate(idtNRaw, lungN);
      const xNf = tf.sub(xA, m) as tf.Tensor4D;
      const [backRaw, dRaw, idtARaw] = tf.split(gN2A.apply(tf.concat([xNf, xN, xA], 0) as tf.Tensor4D), [nA, nN, nA], 0) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const d = gate(dRaw, lungN);
      const idtA = gate(idtARaw, lungA);
      const recA = tf.add(xNf, gate(backRaw, lungA));
      const xAf = tf.add(xN, d) as tf.Tensor4D;
      const recN = tf.sub(xAf, gate(gA2N.apply(xAf), lungN));
      const adv = tf.add(genAdv(dN.apply, gate(xNf, lungA)), genAdv(dA.apply, gate(xAf, lungN)));
      const cyc = tf.add(meanAbs(tf.sub(recA, xA)), meanAbs(tf.sub(recN, xN)));
      const idt = tf.add(meanAbs(idtN), meanAbs(idtA));
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
      if (w.sparsity > 0) {
        const l1 = meanAbs(m);
        keep('G_sparsity', l1);
        total = tf.add(total, tf.mul(l1, w.sparsity));
      }
      keep('map_mean', tf.mean(tf.abs(m)));
      fakeN = keep(null, xNf);
      fakeA = keep(null, xAf);
      return total as tf.Scalar;
    }), true, [...gA2N.params.list(), ...gN2A.params.list()]);
    keep('G', gl!);

    // 3. discriminators on real vs the fakes of step 2 (constants here).
    const dl = opt.d.minimize(() => tf.tidy(() => {
      return tf.add(
        discLoss(dN.apply, gate(xN, regions?.lungN), gate(fakeN!, regions?.lungA), 0),
        discLoss(dA.apply, gate(xA, regions?.lungA), gate(fakeA!, regions?.lungN), 1),
      ) as tf.Scalar;
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
