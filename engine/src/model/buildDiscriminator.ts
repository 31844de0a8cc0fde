import * as tf from '@tensorflow/tfjs-core';
import { INIT_STD, conv, instanceNorm } from './layers';
import { ParamStore } from './paramStore';

export interface DiscriminatorOptions {
  /** "D_N" or "D_A". */
  name: string;
  /** Width of the first layer (then 2x, 4x, ... up to 8x). */
  ndf: number;
  /** Strided (stride-2) layers; 3 gives the 70x70 PatchGAN. */
  layers: number;
  seed: number;
}

export interface Discriminator {
  readonly opts: Readonly<DiscriminatorOptions>;
  readonly params: ParamStore;
  /** x: [N, S, S, 1] in [-1, 1] -> patch scores [N, S / 2^layers, S / 2^layers, 1] (raw, LSGAN target 1 = real). */
  apply(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

/**
 * PatchGAN: C(ndf) stride 2 (no norm), then (layers - 1) x C(ndf*2^i) stride 2 with instance norm,
 * C(ndf*2^layers) stride 1, C(1) stride 1; 4x4 kernels, LeakyReLU 0.2, 'same' padding.
 */
export function buildDiscriminator(opts: DiscriminatorOptions): Discriminator {
  const { name, ndf, layers, seed } = opts;
  if (!Number.isInteger(ndf) || ndf < 1) throw new RangeError(`buildDiscriminator: ndf must be a positive integer, got ${ndf}`);
  if (!Number.isInteger(layers) || layers < 1 || layers > 6) throw new RangeError(`buildDiscriminator: layers must be 1..6, got ${layers}`);
  const p = new ParamStore(name, seed);
  const width = (i: number): number => ndf * Math.min(2 ** i, 8);
  const ws: tf.Variable[] = [];
  let cin = 1;
  for (let i = 0; i <= layers; i++) {
    ws.push(p.create(`c${i}`, [4, 4, cin, width(i)], INIT_STD));
    cin = width(i);
  }
  const last = p.create('out', [4, 4, cin, 1], INIT_STD);
  const lastB = p.create('out_b', [1], 0);

  function apply(x: tf.Tensor4D): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== 1) throw new RangeError(`${name}: input must be [N, S, S, 1], got [${x.shape}]`);
    return tf.tidy(() => {
      let h = x;
      ws.forEach((w, i) => {
        const c = conv(h, w as tf.Tensor4D, i < layers ? 2 : 1, 'same');
        h = tf.leakyRelu(i === 0 ? c : instanceNorm(c), 0.2);
      });
      return tf.add(conv(h, last as tf.Tensor4D, 1, 'same'), lastB) as tf.Tensor4D;
    });
  }

  return { opts: { ...opts }, params: p, apply, dispose: () => p.dispose() };
}
