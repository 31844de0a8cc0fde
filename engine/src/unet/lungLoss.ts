import * as tf from '@tensorflow/tfjs-core';

export const LUNG_LOSS = 'bce + dice: mean binary cross-entropy of the logits + soft Dice 1 - (2 sum(p g) + 1) / (sum p + sum g + 1) over the batch';

/**
 * The U-Net segmenters' loss for logits z and targets g in [0, 1] (same shape [N, S, S, 1]):
 * numerically stable BCE with logits plus the soft Dice loss on p = sigmoid(z), over the batch. With
 * per-image weights w ([N, 1, 1, 1]) both terms weigh each image's pixels by its w (BCE: sum(w bce) / sum(w)
 * per pixel; Dice: the sums take w p and w g). Call inside tf.tidy (or a minimize closure).
 * Returns [total, bce, dice].
 */
export function lungLoss(z: tf.Tensor4D, g: tf.Tensor4D, w?: tf.Tensor4D): [tf.Scalar, tf.Scalar, tf.Scalar] {
  if (z.shape.join('x') !== g.shape.join('x')) throw new RangeError(`lungLoss: logits [${z.shape}] and targets [${g.shape}] differ`);
  const pix = tf.add(tf.sub(tf.relu(z), tf.mul(z, g)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  const p = tf.sigmoid(z);
  if (!w) {
    const bce = tf.mean(pix) as tf.Scalar;
    const inter = tf.sum(tf.mul(p, g));
    const dice = tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(tf.add(tf.sum(p), tf.sum(g)), 1))) as tf.Scalar;
    return [tf.add(bce, dice) as tf.Scalar, bce, dice];
  }
  if (w.shape.length !== 4 || w.shape[0] !== z.shape[0] || w.size !== z.shape[0]) throw new RangeError(`lungLoss: weights [${w.shape}] must be [${z.shape[0]}, 1, 1, 1]`);
  const perImage = z.shape[1]! * z.shape[2]! * z.shape[3]!;
  const bce = tf.div(tf.sum(tf.mul(pix, w)), tf.mul(tf.sum(w), perImage)) as tf.Scalar;
  const pw = tf.mul(p, w);
  const gw = tf.mul(g, w);
  const inter = tf.sum(tf.mul(pw, g));
  const dice = tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(tf.add(tf.sum(pw), tf.sum(gw)), 1))) as tf.Scalar;
  return [tf.add(bce, dice) as tf.Scalar, bce, dice];
}
