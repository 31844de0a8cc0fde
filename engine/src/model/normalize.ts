/**
 * The model's intensity convention. GrayImage values in [0, 1] (bright = dense) map to model inputs
 * x = 2 * gray - 1 in [-1, 1]; a model-space difference d is d / 2 in gray units.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GrayImage } from '../image/grayImage';
import { assertGrayImage } from '../image/grayImage';

export const NORMALISATION = 'x = 2 * gray - 1 (gray in [0, 1], bright = dense); images stretched to size x size (bilinear)';

/**
 * Gray images -> model input [N, size, size, 1] in [-1, 1]; images of another size are resized with
 * bilinear interpolation (half-pixel centres), stretching non-square images to the square.
 */
export function grayToInput(images: GrayImage[], size: number): tf.Tensor4D {
  if (images.length === 0) throw new RangeError('grayToInput: no images');
  images.forEach((g, i) => assertGrayImage(g, `image ${i}`));
  return tf.tidy(() => {
    const parts = images.map((g) => {
      let t = tf.tensor4d(g.data, [1, g.height, g.width, 1]);
      if (g.width !== size || g.height !== size) t = tf.image.resizeBilinear(t, [size, size], false, true);
      return t;
    });
    const batch = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
    return tf.sub(tf.mul(tf.clipByValue(batch, 0, 1), 2), 1) as tf.Tensor4D;
  });
}

/** Packs pre-sized images (each size*size, gray [0, 1]) into one Float32Array batch in model units. */
export function packBatch(images: Float32Array[], size: number): Float32Array {
  const n = size * size;
  const out = new Float32Array(images.length * n);
  images.forEach((img, i) => {
    if (img.length !== n) throw new RangeError(`packBatch: image ${i} has ${img.length} values, expected ${n}`);
    for (let j = 0; j < n; j++) out[i * n + j] = 2 * img[j]! - 1;
  });
  return out;
}
