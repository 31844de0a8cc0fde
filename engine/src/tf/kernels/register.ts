import type { BackendName } from '../../../protocol/backend';

/**
 * Registers kernels that a backend lacks (e.g. Conv2DBackpropFilter on wasm in TF.js 4.22) or faster
 * custom versions. Idempotent; called after a backend is chosen.
 */
export function registerMissingKernels(_backend: BackendName): void {
  // Filled in by the kernel modules (see engine/src/tf/kernels/).
}
