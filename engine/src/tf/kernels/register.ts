/**
 * Kernel and gradient registration that the stock TF.js 4.22 packages lack in Node:
 * - gradients: the CommonJS tfjs-core registers none; ./gradients loads TF.js's own definitions;
 * - wasm: Conv2DBackpropFilter is missing (training fails without it) and Conv2DBackpropInput is a slow
 *   plain loop; both are replaced by versions built from XNNPACK-backed wasm kernels. Slice copies the
 *   whole input and then one row at a time; ours copies in place, in the longest contiguous runs. Identity (every tensor a tape saves) copies
 *   memory; ours shares it by reference count. Our own fused kernels (engine/native, SIMD): instance norm
 *   forward and backward, an Adam update, and Conv2D to one output channel (else the stock Conv2D).
 * Idempotent; called by initBackend after a backend is chosen.
 */
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import type { BackendName } from '../../../protocol/backend';
import './gradients';
import { wasmConv2DBackpropFilterConfig } from './wasmConv2DBackpropFilter';
import { wasmConv2DBackpropInputConfig } from './wasmConv2DBackpropInput';
import { wasmAdamConfig } from './wasmAdam';
import { setStockConv2D, wasmConv2DConfig } from './wasmConv2D';
import { setStockIdentity, wasmIdentityConfig } from './wasmIdentity';
import { wasmInstanceNormConfig, wasmInstanceNormGradConfig } from './wasmInstanceNorm';
import { setStockSlice, wasmSliceConfig } from './wasmSlice';

/** Our replacements, per backend. */
export const CUSTOM_KERNELS: Partial<Record<BackendName, KernelConfig[]>> = {
  wasm: [
    wasmConv2DBackpropFilterConfig, wasmConv2DBackpropInputConfig, wasmSliceConfig, wasmIdentityConfig,
    wasmInstanceNormConfig, wasmInstanceNormGradConfig, wasmAdamConfig, wasmConv2DConfig,
  ],
};

/** Stock kernels we replaced, so tests and benchmarks can compare against them. */
const stock = new Map<string, KernelConfig>();

/** Registers our kernels for `backend` (replacing stock ones of the same name). Safe to call repeatedly. */
export function registerMissingKernels(backend: BackendName): void {
  for (const cfg of CUSTOM_KERNELS[backend] ?? []) {
    const existing = getKernel(cfg.kernelName, cfg.backendName);
    if (existing?.kernelFunc === cfg.kernelFunc) continue;
    if (existing) {
      stock.set(`${cfg.backendName}/${cfg.kernelName}`, existing);
      if (cfg === wasmSliceConfig) setStockSlice(existing.kernelFunc);
      if (cfg === wasmIdentityConfig) setStockIdentity(existing.kernelFunc);
      if (cfg === wasmConv2DConfig) setStockConv2D(existing.kernelFunc);
      unregisterKernel(cfg.kernelName, cfg.backendName);
    }
    registerKernel(cfg);
  }
}

/** Puts the stock kernel back (or removes ours where there was none): for comparisons only. */
export function restoreStockKernels(backend: BackendName): void {
  for (const cfg of CUSTOM_KERNELS[backend] ?? []) {
    const existing = getKernel(cfg.kernelName, cfg.backendName);
    if (existing?.kernelFunc !== cfg.kernelFunc) continue;
    unregisterKernel(cfg.kernelName, cfg.backendName);
    const s = stock.get(`${cfg.backendName}/${cfg.kernelName}`);
    if (s) registerKernel(s);
  }
}
