import { assertModelArch, type ModelArch } from '../model/modelConfig';

/** Weights of the loss terms of the generator step. */
export interface LossWeights {
  /** Adversarial term (D_N on x - m, D_A on x + d; LSGAN or WGAN-GP). */
  adv: number;
  /** Cycle L1 (x -> x - m -> back, and normal -> abnormal -> back). */
  cycle: number;
  /** Identity: |G_A2N(normal)| (a normal image gives an empty map) and |G_N2A(abnormal)|. */
  identity: number;
  /** Classifier says the healthy counterpart x - m is normal (TBVA-GAN); needs the classifier. */
  cls: number;
  /** Changes stay inside the classifier's Grad-CAM region: mean(|m| * (1 - cam)); needs the classifier. */
  cam: number;
  /** WGAN-GP gradient penalty lambda (used with adversarial 'wgan-gp' only). */
  gp: number;
  /** L1 sparsity of the disease map, mean |m| (VA-GAN); 0 = off. */
  sparsity: number;
}

/** Adversarial loss: least squares (CycleGAN's default) or Wasserstein with gradient penalty. */
export type Adversarial = 'lsgan' | 'wgan-gp';
export const ADVERSARIAL_KINDS: readonly Adversarial[] = ['lsgan', 'wgan-gp'];

export interface TrainConfig {
  arch: ModelArch;
  adversarial: Adversarial;
  /** Optimisation steps in all (each step: batch abnormal + batch normal images). */
  steps: number;
  batch: number;
  seed: number;
  learningRate: number;
  /** Adam beta1 (0.5 as in CycleGAN). */
  beta1: number;
  loss: LossWeights;
  /** Save a checkpoint (and sample PNGs) every this many steps, and at the end. */
  checkpointEvery: number;
  /** Abnormal images shown in the sample PNGs. */
  samples: number;
}

export const DEFAULT_LOSS: LossWeights = { adv: 1, cycle: 10, identity: 5, cls: 1, cam: 1, gp: 10, sparsity: 0 };

/**
 * Default run: 128 px, a narrow ResNet-6 generator (ngf 16). The ResNet-9 ngf-64 reference is too slow on
 * CPU (wasm: ~9 s per step at 64 px) and at 128 px needs more than the 4 GB wasm heap; ngf 32 at 128 px
 * batch 2 peaks at ~3 GB of tensors (measured), too close to that limit.
 */
export const DEFAULT_CONFIG: TrainConfig = {
  arch: { size: 128, ngf: 16, depth: 6, ndf: 16, dLayers: 3, attention: false, classifier: { nf: 16, layers: 4 } },
  adversarial: 'lsgan', steps: 2000, batch: 2, seed: 1, learningRate: 2e-4, beta1: 0.5, loss: DEFAULT_LOSS, checkpointEvery: 500, samples: 4,
};

/**
 * `--quick`: 64 px, narrow and shallow (tests and smoke runs). 1,200 steps: on the phantom recipe (200 training
 * phantoms, seed 11; 40 held out, seed 12) Dice rises 18 / 40 / 43 / 49 / 56% at 500 / 700 / 900 / 1,000 / 1,200
 * steps (wasm, measured); 300 steps proposed nothing.
 */
export const QUICK_CONFIG: TrainConfig = {
  arch: { size: 64, ngf: 8, depth: 2, ndf: 8, dLayers: 3, attention: false, classifier: { nf: 8, layers: 3 } },
  adversarial: 'lsgan', steps: 1200, batch: 4, seed: 1, learningRate: 5e-4, beta1: 0.5, loss: DEFAULT_LOSS, checkpointEvery: 100, samples: 4,
};

/** Throws a RangeError naming the bad field. */
export function assertTrainConfig(c: TrainConfig): void {
  assertModelArch(c.arch);
  if (!ADVERSARIAL_KINDS.includes(c.adversarial)) throw new RangeError(`adversarial must be one of ${ADVERSARIAL_KINDS.join(', ')}, got ${String(c.adversarial)}`);
  const int = (v: number, lo: number, hi: number, name: string): void => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  };
  int(c.steps, 1, 10_000_000, 'steps');
  int(c.batch, 1, 256, 'batch');
  int(c.seed, -(2 ** 31), 2 ** 32 - 1, 'seed');
  int(c.checkpointEvery, 1, 10_000_000, 'checkpointEvery');
  int(c.samples, 0, 16, 'samples');
  if (!(c.learningRate > 0 && c.learningRate < 1)) throw new RangeError(`learningRate must be in (0, 1), got ${c.learningRate}`);
  if (!(c.beta1 >= 0 && c.beta1 < 1)) throw new RangeError(`beta1 must be in [0, 1), got ${c.beta1}`);
  for (const [k, v] of Object.entries(c.loss)) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`loss weight ${k} must be >= 0, got ${v}`);
}
