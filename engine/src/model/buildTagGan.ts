import { buildClassifier, type Classifier } from './buildClassifier';
import { buildDiscriminator, type Discriminator } from './buildDiscriminator';
import { buildGenerator, type Generator } from './buildGenerator';
import { assertModelArch, type ModelArch } from './modelConfig';
import type { ParamStore } from './paramStore';

/** The four TagGAN networks (plus the optional classifier), owned together. */
export interface TagGanNets {
  readonly arch: Readonly<ModelArch>;
  /** Abnormal -> disease map m; healthy counterpart x - m. */
  gA2N: Generator;
  /** Normal -> added disease d; synthetic abnormal x + d. */
  gN2A: Generator;
  /** Judges healthy images (real normals vs x - m). */
  dN: Discriminator;
  /** Judges abnormal images (real abnormals vs x + d). */
  dA: Discriminator;
  classifier: Classifier | null;
  /** Every ParamStore, in checkpoint order. */
  stores(): ParamStore[];
  dispose(): void;
}

/** Builds all networks for `arch` with weights initialised from `seed`. */
export function buildTagGan(arch: ModelArch, seed: number): TagGanNets {
  assertModelArch(arch);
  const built: { dispose(): void }[] = [];
  const keep = <T extends { dispose(): void }>(x: T): T => (built.push(x), x);
  try {
    const gA2N = keep(buildGenerator({ name: 'G_A2N', ngf: arch.ngf, depth: arch.depth, attention: arch.attention, seed }));
    const gN2A = keep(buildGenerator({ name: 'G_N2A', ngf: arch.ngf, depth: arch.depth, attention: false, seed }));
    const dN = keep(buildDiscriminator({ name: 'D_N', ndf: arch.ndf, layers: arch.dLayers, seed }));
    const dA = keep(buildDiscriminator({ name: 'D_A', ndf: arch.ndf, layers: arch.dLayers, seed }));
    const classifier = arch.classifier ? keep(buildClassifier({ ...arch.classifier, seed })) : null;
    return {
      arch: { ...arch }, gA2N, gN2A, dN, dA, classifier,
      stores: () => [gA2N.params, gN2A.params, dN.params, dA.params, ...(classifier ? [classifier.params] : [])],
      dispose: () => { for (const b of built) b.dispose(); },
    };
  } catch (e) {
    for (const b of built) b.dispose();
    throw e;
  }
}
