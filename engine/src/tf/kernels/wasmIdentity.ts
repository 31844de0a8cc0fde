/**
 * Identity for the wasm backend, replacing the stock one, which copies the tensor's memory. TF.js calls
 * Identity for every tensor a kernel saves for its gradient while a tape records (engine.clone), ~860 times
 * per quick-preset training step: each one a full copy that also doubles the memory the tape holds. Tensor
 * memory is never written after it is made, so, as the cpu backend and the wasm Reshape already do, the
 * clone shares the memory and the backend's reference count frees it when the last user is disposed.
 * Strings (which the wasm backend keeps outside its heap) go to the stock kernel.
 */
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

let stockIdentity: KernelFunc | undefined;

/** Set by register.ts: the stock kernel, for string tensors. */
export function setStockIdentity(f: KernelFunc | undefined): void {
  stockIdentity = f;
}

function identityWasm(args: { inputs: { x: TensorInfo }; backend: KernelBackend }): TensorInfo {
  const { inputs: { x }, backend } = args;
  if (x.dtype === 'string') {
    if (!stockIdentity) throw new Error('wasm Identity: string tensors need the stock kernel');
    return stockIdentity(args as never) as TensorInfo;
  }
  (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export const wasmIdentityConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelConfig['kernelFunc'],
};
