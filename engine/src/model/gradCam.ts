import * as tf from '@tensorflow/tfjs-core';
import type { Classifier } from './buildClassifier';

/**
 * Grad-CAM of the abnormality logit on the classifier's last conv features.
 * x: [N, S, S, 1] in [-1, 1] -> heat maps [N, S, S, 1] in [0, 1] (ReLU of the gradient-weighted
 * feature sum, bilinearly upsampled, divided by each image's maximum; all zeros when nothing supports
 * "abnormal"). Images are independent (each logit depends only on its own features), so a batch gives
 * the same maps as one image at a time. Not differentiable w.r.t. the classifier (used as a target).
 */
export function gradCamTensor(c: Classifier, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const f = c.features(x);
    const g = tf.grad((ff: tf.Tensor) => tf.sum(c.head(ff as tf.Tensor4D)))(f);
    const alpha = tf.mean(g, [1, 2], true);
    const cam = tf.relu(tf.sum(tf.mul(f, alpha), -1, true)) as tf.Tensor4D;
    const up = tf.image.resizeBilinear(cam, [x.shape[1], x.shape[2]], false, true);
    const max = tf.max(up, [1, 2, 3], true);
    return tf.div(up, tf.maximum(max, 1e-12)) as tf.Tensor4D;
  });
}
