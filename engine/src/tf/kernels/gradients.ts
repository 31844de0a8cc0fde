/**
 * Registers TF.js's gradient definitions (once, on import). In Node, `@tensorflow/tfjs-core` is its
 * CommonJS bundle, which registers no gradients, so tf.grad / optimizer.minimize would fail with
 * "gradient function not found". See vendor/build-gradients.mjs for how the bundle is made.
 */
import { getGradient, registerGradient, zerosLike, type Tensor } from '@tensorflow/tfjs-core';
import './vendor/tfjs-gradients.mjs';

/**
 * Comparisons are piecewise constant: zero gradient almost everywhere (TensorFlow's NotDifferentiable).
 * TF.js registers none for them, so a second-order gradient (WGAN-GP's penalty through LeakyRelu's
 * gradient, which builds its mask with greater(x, 0)) failed with "gradient function not found for Greater".
 */
for (const kernelName of ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual']) {
  if (getGradient(kernelName)) continue;
  registerGradient({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => ({ a: () => zerosLike(saved[0]!), b: () => zerosLike(saved[1]!) }),
  });
}

/** Throws if the gradients are not registered (e.g. the vendor bundle was tree-shaken away). */
export function assertGradientsRegistered(): void {
  for (const k of ['Conv2D', 'Conv2DBackpropInput', 'MirrorPad', 'RealDiv', 'Tanh', 'Greater']) {
    if (!getGradient(k)) throw new Error(`TF.js gradient for ${k} is not registered`);
  }
}
