/**
 * One Adam update of one variable on the wasm backend in a single kernel (our SIMD code, engine/native):
 * TF.js's AdamOptimizer runs ~12 element-wise kernels per variable, each a pass and a dispatch. Same
 * operations in the same order and precision, so the result equals TF.js's (tested bit for bit).
 *   inputs w, g, m, v (same size) -> [w', m', v']
 */
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/nativeKernels';

export const ADAM = 'TagGanAdam';

/** Attributes of TagGanAdam: c1 = 1 - beta1^t and c2 = 1 - beta2^t as the optimizer holds them (float32). */
export interface AdamAttrs { beta1: number; beta2: number; c1: number; c2: number; epsilon: number; learningRate: number }

function adamWasm(args: { inputs: { w: TensorInfo; g: TensorInfo; m: TensorInfo; v: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo[] {
  const { inputs: { w, g, m, v }, backend } = args;
  const a = args.attrs as unknown as AdamAttrs;
  const size = w.shape.reduce((p, d) => p * d, 1);
  for (const [name, t] of [['g', g], ['m', m], ['v', v]] as const) {
    if (t.shape.reduce((p, d) => p * d, 1) !== size || t.dtype !== 'float32') {
      throw new Error(`${ADAM}: ${name} [${t.shape}] ${t.dtype} does not match the variable [${w.shape}] float32`);
    }
  }
  const k = nativeKernels(backend);
  const w2 = k.output(w.shape);
  const m2 = k.output(w.shape);
  const v2 = k.output(w.shape);
  const f = Math.fround;
  k.fn.adam(k.ptr(w), k.ptr(g), k.ptr(m), k.ptr(v), k.ptr(w2), k.ptr(m2), k.ptr(v2), size,
    a.beta1, f(1 - a.beta1), a.beta2, f(1 - a.beta2), a.c1, a.c2, a.epsilon, f(-a.learningRate));
  return [w2, m2, v2];
}

export const wasmAdamConfig: KernelConfig = {
  kernelName: ADAM, backendName: 'wasm', kernelFunc: adamWasm as unknown as KernelConfig['kernelFunc'],
};
