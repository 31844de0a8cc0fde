/**
 * Registers TF.js's gradient definitions (once, on import). In Node, `@tensorflow/tfjs-core` is its
 * CommonJS bundle, which registers no gradients, so tf.grad / optimizer.minimize would fail with
 * "gradient function not found". See vendor/build-gradients.mjs for how the bundle is made.
 */
import { getGradient } from '@tensorflow/tfjs-core';
import './vendor/tfjs-gradients.mjs';

/** Throws if the gradients are not registered (e.g. the vendor bundle was tree-shaken away). */
export function assertGradientsRegistered(): void {
  for (const k of ['Conv2D', 'Conv2DBackpropInput', 'MirrorPad', 'RealDiv', 'Tanh']) {
    if (!getGradient(k)) throw new Error(`TF.js gradient for ${k} is not registered`);
  }
}
