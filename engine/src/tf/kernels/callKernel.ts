import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Runs another kernel of the same backend directly (no engine bookkeeping, no tape), for use inside a
 * custom kernel. The caller owns the returned TensorInfo and must `backend.disposeData(out.dataId)` it
 * unless it is the kernel's own result.
 */
export function callKernel(
  backendName: string,
  kernelName: string,
  inputs: Record<string, TensorInfo> | TensorInfo[],
  attrs: NamedAttrMap,
  backend: KernelBackend,
): TensorInfo {
  const k = getKernel(kernelName, backendName);
  if (!k) throw new Error(`kernel ${kernelName} is not registered for backend ${backendName}`);
  const out = k.kernelFunc({ inputs: inputs as never, attrs, backend });
  if (Array.isArray(out)) throw new Error(`kernel ${kernelName} returned ${out.length} outputs; expected one`);
  return out;
}
