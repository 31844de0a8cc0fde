/**
 * Fused instance normalisation for the wasm backend: one kernel forward (our SIMD code, engine/native), one
 * backward, where the composite (tf.moments, sub, add, sqrt, div and their gradients) runs ~8 kernels forward
 * and ~20 backward per layer, each a pass over the activations plus TF.js's dispatch.
 *
 *   TagGanInstanceNorm      x [N, H, W, C] -> y = (x - mean) / sqrt(var + eps) per image and channel, and
 *                           rstd [N, C] = 1 / sqrt(var + eps) (kept for the gradient)
 *   TagGanInstanceNormGrad  dy, y, rstd -> dx = rstd * (dy - mean(dy) - y * mean(dy * y))
 *
 * The backward kernel has no gradient of its own, so a second-order gradient (WGAN-GP's penalty) must run the
 * composite: `withCompositeInstanceNorm`.
 */
import { getKernel, registerGradient, engine, getBackend } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/nativeKernels';

export const INSTANCE_NORM = 'TagGanInstanceNorm';
export const INSTANCE_NORM_GRAD = 'TagGanInstanceNormGrad';

function dims(t: TensorInfo, what: string): [number, number, number] {
  if (t.shape.length !== 4) throw new Error(`${what}: expected a rank-4 NHWC tensor, got shape [${t.shape}]`);
  if (t.dtype !== 'float32') throw new Error(`${what}: float32 only, got ${t.dtype}`);
  const [n, h, w, c] = t.shape as [number, number, number, number];
  return [n, h * w, c];
}

function instanceNormWasm(args: { inputs: { x: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo[] {
  const { inputs: { x }, backend, attrs } = args;
  const [n, hw, c] = dims(x, INSTANCE_NORM);
  const k = nativeKernels(backend);
  const y = k.output(x.shape);
  const rstd = k.output([n, c]);
  k.fn.in_fwd(k.ptr(x), k.ptr(y), k.ptr(rstd), k.scratch(8 * c), n, hw, c, (attrs.epsilon as number) ?? 1e-5); // one thread (kernels.c says why)
  return [y, rstd];
}

function instanceNormGradWasm(args: { inputs: { dy: TensorInfo; y: TensorInfo; rstd: TensorInfo }; backend: KernelBackend }): TensorInfo {
  const { inputs: { dy, y, rstd }, backend } = args;
  const [n, hw, c] = dims(dy, INSTANCE_NORM_GRAD);
  if (y.shape.join() !== dy.shape.join() || rstd.shape.join() !== `${n},${c}`) {
    throw new Error(`${INSTANCE_NORM_GRAD}: shapes dy [${dy.shape}], y [${y.shape}], rstd [${rstd.shape}] do not match`);
  }
  const k = nativeKernels(backend);
  const dx = k.output(dy.shape);
  k.fn.in_bwd(k.ptr(dy), k.ptr(y), k.ptr(rstd), k.ptr(dx), k.scratch(24 * c), n, hw, c);
  return dx;
}

export const wasmInstanceNormConfig: KernelConfig = {
  kernelName: INSTANCE_NORM, backendName: 'wasm', kernelFunc: instanceNormWasm as unknown as KernelConfig['kernelFunc'],
};
export const wasmInstanceNormGradConfig: KernelConfig = {
  kernelName: INSTANCE_NORM_GRAD, backendName: 'wasm', kernelFunc: instanceNormGradWasm as unknown as KernelConfig['kernelFunc'],
};

registerGradient({
  kernelName: INSTANCE_NORM,
  outputsToSave: [true, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const g = Array.isArray(dy) ? dy[0]! : dy;
    return { x: () => engine().runKernel(INSTANCE_NORM_GRAD, { dy: g, y: saved[0]!, rstd: saved[1]! }, {}) as Tensor };
  },
});

let compositeDepth = 0;

/** Runs f with the composite instance norm (differentiable twice), e.g. for a gradient penalty. */
export function withCompositeInstanceNorm<T>(f: () => T): T {
  compositeDepth += 1;
  try {
    return f();
  } finally {
    compositeDepth -= 1;
  }
}

/** The fused op on the current backend, or null where it is not registered (or the composite is asked for). */
export function fusedInstanceNorm(x: Tensor, epsilon: number): Tensor | null {
  if (compositeDepth > 0 || x.dtype !== 'float32' || x.rank !== 4) return null;
  if (!getKernel(INSTANCE_NORM, getBackend())) return null;
  return (engine().runKernel(INSTANCE_NORM, { x }, { epsilon }) as Tensor[])[0]!;
}
