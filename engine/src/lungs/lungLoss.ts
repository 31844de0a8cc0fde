import * as tf from '@tensorflow/tfjs-core';

export const LUNG_LOSS = 'bce + dice: mean binary cross-entropy of the logits + soft Dice 1 - (2 sum(p g) + 1) / (sum p + sum g + 1) over the batch';

/**
 * The lung segmenter's loss for logits z and targets g in [0, 1] (same shape [N, S, S, 1]):
 * numerically stable BCE with logits plus the soft Dice loss on p = sigmoid(z). Call inside tf.tidy
 * (or a minimize closure). Returns [total, bce, dice].
 */
export function lungLoss(z: tf.Tensor4D, g: tf.Tensor4D): [tf.Scalar, tf.Scalar, tf.Scalar] {
  if (z.shape.join('x') !== g.shape.join('x')) throw new RangeError(`lungLoss: logits [${z.shape}] and targets [${g.shape}] differ`);
  const bce = tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, g)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))) as tf.Scalar;
  const p = tf.sigmoid(z);
  const inter = tf.sum(tf.mul(p, g));
  const dice = tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(tf.add(tf.sum(p), tf.sum(g)), 1))) as tf.Scalar;
  return [tf.add(bce, dice) as tf.Scalar, bce, dice];
}
