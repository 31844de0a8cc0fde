import * as tf from '@tensorflow/tfjs-core';
import { conv, instanceNorm, upConv } from '../model/layers';
import { ParamStore } from '../model/paramStore';

export interface LungUnetOptions {
  /** Channels of the first level (then 2x per level down). */
  base: number;
  /** Resolution levels (the input size must be a multiple of 2^(levels-1)). */
  levels: number;
  /** Seed of the weight initialisation. */
  seed: number;
}

/** A lung-field segmenter: apply(x) returns per-pixel logits of "lung field". */
export interface LungUnet {
  readonly opts: Readonly<LungUnetOptions>;
  readonly params: ParamStore;
  /**
   * x: [N, S, S, 1] in model units (2 * gray - 1, gray in [0, 1], bright = dense), S a multiple of
   * 2^(levels-1) -> logits [N, S, S, 1] (sigmoid = P(lung field)).
   */
  apply(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

/** He-normal standard deviation for a k x k convolution with `cin` inputs (ReLU nets train faster with it). */
function he(k: number, cin: number): number {
  return Math.sqrt(2 / (k * k * cin));
}

/**
 * Builds a small U-Net (Ronneberger et al. 2015) for one channel: per level two 3x3 convolutions with
 * instance norm + ReLU, 2x2 max-pooling down, 2x transposed convolution up, skip concatenation, a 1x1
 * convolution to one logit. Widths base, 2 base, ..., 2^(levels-1) base. Instance norm makes it
 * insensitive to each image's overall brightness and contrast (other scanners, windows, bit depths).
 * Parameters: 480,929 for base 16, levels 4; 484,817 for base 8, levels 5 (models/lungs).
 */
export function buildLungUnet(opts: LungUnetOptions): LungUnet {
  const { base, levels, seed } = opts;
  if (!Number.isInteger(base) || base < 1) throw new RangeError(`buildLungUnet: base must be a positive integer, got ${base}`);
  if (!Number.isInteger(levels) || levels < 2 || levels > 6) throw new RangeError(`buildLungUnet: levels must be an integer in 2..6, got ${levels}`);
  if (!Number.isInteger(seed)) throw new RangeError(`buildLungUnet: seed must be an integer, got ${seed}`);
  const p = new ParamStore('lungs', seed);
  const width = (l: number): number => base * 2 ** l;
  const down: [tf.Variable, tf.Variable][] = [];
  for (let l = 0; l < levels; l++) {
    const cin = l === 0 ? 1 : width(l - 1);
    down.push([p.create(`d${l}a`, [3, 3, cin, width(l)], he(3, cin)), p.create(`d${l}b`, [3, 3, width(l), width(l)], he(3, width(l)))]);
  }
  const up: { t: tf.Variable; a: tf.Variable; b: tf.Variable }[] = [];
  for (let l = levels - 2; l >= 0; l--) {
    up.push({
      // transposed conv weights are [k, k, out, in]
      t: p.create(`u${l}t`, [2, 2, width(l), width(l + 1)], he(2, width(l + 1))),
      a: p.create(`u${l}a`, [3, 3, width(l) * 2, width(l)], he(3, width(l) * 2)),
      b: p.create(`u${l}b`, [3, 3, width(l), width(l)], he(3, width(l))),
    });
  }
  const out = p.create('out', [1, 1, base, 1], he(1, base));
  const outB = p.create('out_b', [1], 0);
  const multiple = 2 ** (levels - 1);

  const block = (x: tf.Tensor4D, a: tf.Variable, b: tf.Variable): tf.Tensor4D => {
    const h = tf.relu(instanceNorm(conv(x, a as tf.Tensor4D, 1, 'same')));
    return tf.relu(instanceNorm(conv(h, b as tf.Tensor4D, 1, 'same')));
  };

  function apply(x: tf.Tensor4D): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== 1) throw new RangeError(`lung U-Net: input must be [N, S, S, 1], got [${x.shape}]`);
    if (x.shape[1] % multiple !== 0 || x.shape[2] % multiple !== 0) {
      throw new RangeError(`lung U-Net: input size ${x.shape[1]}x${x.shape[2]} is not a multiple of ${multiple}`);
    }
    return tf.tidy(() => {
      const skips: tf.Tensor4D[] = [];
      let h = x;
      for (let l = 0; l < levels; l++) {
        if (l > 0) h = tf.maxPool(h, 2, 2, 'valid');
        h = block(h, down[l]![0], down[l]![1]);
        skips.push(h);
      }
      for (let k = 0; k < up.length; k++) {
        const l = levels - 2 - k;
        const u = tf.relu(upConv(h, up[k]!.t as tf.Tensor4D));
        h = block(tf.concat([u, skips[l]!], 3), up[k]!.a, up[k]!.b);
      }
      return tf.add(conv(h, out as tf.Tensor4D, 1, 'same'), outB) as tf.Tensor4D;
    });
  }

  return { opts: { ...opts }, params: p, apply, dispose: () => p.dispose() };
}
