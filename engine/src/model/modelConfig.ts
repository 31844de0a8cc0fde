/**
 * Architecture options of a TagGAN model (what a checkpoint must record to be rebuilt).
 * Defaults are the reference CycleGAN ResNet-9 generator (ngf 64, 9 residual blocks) and a 70x70-style
 * PatchGAN (ndf 64, 3 strided layers).
 */
export interface ModelArch {
  /** Square input size in pixels (multiple of 4, 32..1024; 64/128/256/512 are the tested ones). */
  size: number;
  /** Generator width: channels of the first layer (then 2x, 4x after the two downsamplings). */
  ngf: number;
  /** Generator depth: residual blocks at 1/4 resolution. */
  depth: number;
  /** Discriminator width. */
  ndf: number;
  /** Discriminator strided layers (PatchGAN receptive field grows with it). */
  dLayers: number;
  /** PILLET-GAN style spatial attention + mixing head in G_A2N: m = sigmoid(a) * tanh(c). */
  attention: boolean;
  /** Auxiliary normal/abnormal classifier (TBVA-GAN); null = none. */
  classifier: { nf: number; layers: number } | null;
}

export const REFERENCE_ARCH: ModelArch = {
  size: 256, ngf: 64, depth: 9, ndf: 64, dLayers: 3, attention: false, classifier: null,
};

/** Throws a RangeError naming the bad field. */
export function assertModelArch(a: ModelArch): void {
  const int = (v: unknown, lo: number, hi: number, name: string): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`model ${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  };
  int(a.size, 32, 1024, 'size');
  if (a.size % 4 !== 0) throw new RangeError(`model size must be a multiple of 4, got ${a.size}`);
  int(a.ngf, 1, 256, 'ngf');
  int(a.depth, 0, 32, 'depth');
  int(a.ndf, 1, 256, 'ndf');
  int(a.dLayers, 1, 5, 'dLayers');
  if (a.size / 2 ** a.dLayers < 2) throw new RangeError(`model size ${a.size} is too small for ${a.dLayers} discriminator layers`);
  if (typeof a.attention !== 'boolean') throw new RangeError('model attention must be true or false');
  if (a.classifier !== null) {
    int(a.classifier.nf, 1, 256, 'classifier.nf');
    int(a.classifier.layers, 1, 6, 'classifier.layers');
    if (a.size / 2 ** a.classifier.layers < 1) throw new RangeError(`model size ${a.size} is too small for ${a.classifier.layers} classifier layers`);
  }
}
