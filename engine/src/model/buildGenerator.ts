import * as tf from '@tensorflow/tfjs-core';
import { INIT_STD, conv, instanceNorm, upConv } from './layers';
import { ParamStore } from './paramStore';

export interface GeneratorOptions {
  /** Network name, used for variable and checkpoint names ("G_A2N", "G_N2A"). */
  name: string;
  /** Width of the first layer (then 2x and 4x). */
  ngf: number;
  /** Residual blocks at 1/4 resolution. */
  depth: number;
  /** Spatial attention + mixing head (PILLET-GAN): out = sigmoid(att) * tanh(content). */
  attention: boolean;
  /** Seed of the weight initialisation. */
  seed: number;
}

/** A residual generator: apply(x) is the change it proposes; the owner adds or subtracts it. */
export interface Generator {
  readonly opts: Readonly<GeneratorOptions>;
  readonly params: ParamStore;
  /**
   * x: [N, S, S, 1] in [-1, 1] (S a multiple of 4) -> [N, S, S, 1] in (-1, 1).
   * For G_A2N this is the disease map m (healthy counterpart x - m); for G_N2A the added disease.
   */
  apply(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

/**
 * Builds the CycleGAN ResNet generator (reflection padding, instance norm, ReLU) for one channel:
 * c7s1-ngf, d(2ngf), d(4ngf), depth x R(4ngf), u(2ngf), u(ngf), c7s1-1 + tanh.
 * Parameters: 11,360,385 for ngf 64, depth 9 (11,363,522 with attention).
 */
export function buildGenerator(opts: GeneratorOptions): Generator {
  const { name, ngf, depth, attention, seed } = opts;
  if (!Number.isInteger(ngf) || ngf < 1) throw new RangeError(`buildGenerator: ngf must be a positive integer, got ${ngf}`);
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`buildGenerator: depth must be a non-negative integer, got ${depth}`);
  const p = new ParamStore(name, seed);
  const s = INIT_STD;
  const c1 = p.create('c1', [7, 7, 1, ngf], s);
  const d1 = p.create('d1', [3, 3, ngf, ngf * 2], s);
  const d2 = p.create('d2', [3, 3, ngf * 2, ngf * 4], s);
  const res: [tf.Variable, tf.Variable][] = [];
  for (let i = 0; i < depth; i++) res.push([p.create(`res${i}a`, [3, 3, ngf * 4, ngf * 4], s), p.create(`res${i}b`, [3, 3, ngf * 4, ngf * 4], s)]);
  const u1 = p.create('u1', [3, 3, ngf * 2, ngf * 4], s);
  const u2 = p.create('u2', [3, 3, ngf, ngf * 2], s);
  const out = p.create('out', [7, 7, ngf, 1], s);
  const outB = p.create('out_b', [1], 0);
  const att = attention ? p.create('att', [7, 7, ngf, 1], s) : null;
  const attB = attention ? p.create('att_b', [1], 0) : null;

  function apply(x: tf.Tensor4D): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== 1) throw new RangeError(`${name}: input must be [N, S, S, 1], got [${x.shape}]`);
    if (x.shape[1] % 4 !== 0 || x.shape[2] % 4 !== 0) throw new RangeError(`${name}: input size ${x.shape[1]}x${x.shape[2]} is not a multiple of 4`);
    return tf.tidy(() => {
      let h = tf.relu(instanceNorm(conv(x, c1 as tf.Tensor4D, 1, 'reflect')));
      h = tf.relu(instanceNorm(conv(h, d1 as tf.Tensor4D, 2, 'same')));
      h = tf.relu(instanceNorm(conv(h, d2 as tf.Tensor4D, 2, 'same')));
      for (const [a, b] of res) {
        const r = tf.relu(instanceNorm(conv(h, a as tf.Tensor4D, 1, 'reflect')));
        h = tf.add(h, instanceNorm(conv(r, b as tf.Tensor4D, 1, 'reflect'))) as tf.Tensor4D;
      }
      h = tf.relu(instanceNorm(upConv(h, u1 as tf.Tensor4D)));
      h = tf.relu(instanceNorm(upConv(h, u2 as tf.Tensor4D)));
      const content = tf.tanh(tf.add(conv(h, out as tf.Tensor4D, 1, 'reflect'), outB)) as tf.Tensor4D;
      if (!att || !attB) return content;
      const gate = tf.sigmoid(tf.add(conv(h, att as tf.Tensor4D, 1, 'reflect'), attB));
      return tf.mul(gate, content) as tf.Tensor4D;
    });
  }

  return { opts: { ...opts }, params: p, apply, dispose: () => p.dispose() };
}
