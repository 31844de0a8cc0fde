/**
 * Conv2D for the wasm backend: convolutions to ONE output channel (the generators' 7x7 output layer, and
 * through Conv2DBackpropInput the input gradient of their 7x7 first layer) run our SIMD kernel
 * (engine/native/kernels.c conv_co1), which sums over input channels in vectors: XNNPACK runs that shape at
 * ~2-3 GFLOP/s here. Every other convolution is the stock (XNNPACK) kernel.
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/nativeKernels';

let stockConv2D: KernelFunc | undefined;

/** Set by register.ts: the stock kernel, for everything but one output channel. */
export function setStockConv2D(f: KernelFunc | undefined): void {
  stockConv2D = f;
}

/** Whether conv2DWasm runs our kernel for this convolution. */
function conv2DUsesOneChannelKernel(filterShape: readonly number[], strides: number[], dilations: number[], dataFormat?: string): boolean {
  return filterShape[3] === 1 && strides.every((s) => s === 1) && dilations.every((d) => d === 1) && (dataFormat === undefined || dataFormat === 'NHWC');
}

function conv2DWasm(args: { inputs: { x: TensorInfo; filter: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo {
  const { inputs: { x, filter }, backend, attrs } = args;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as {
    strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat?: 'NHWC' | 'NCHW'; dilations: [number, number] | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const pair = (v: number | [number, number] | undefined): number[] => (v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : v);
  if (!stockConv2D) throw new Error('wasm Conv2D: the stock kernel was not recorded');
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || !conv2DUsesOneChannelKernel(filter.shape, pair(strides), pair(dilations), dataFormat)) {
    return stockConv2D(args as never) as TensorInfo;
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, false, 'channelsLast',
  );
  const [N, H, W, Ci] = x.shape as [number, number, number, number];
  const { outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW, padInfo } = info;
  // The kernel skips taps in the zero padding: x is read where it is, never copied into a padded buffer.
  const k = nativeKernels(backend);
  const out = k.output([N, OH, OW, 1]);
  k.run('conv_co1', [k.ptr(x), k.ptr(filter), k.ptr(out), N, H, W, Ci, OH, OW, KH, KW, padInfo.top, padInfo.left], N * OH * OW * KH * KW * Ci);
  return out;
}

export const wasmConv2DConfig: KernelConfig = {
  kernelName: 'Conv2D',
  backendName: 'wasm',
  kernelFunc: conv2DWasm as unknown as KernelConfig['kernelFunc'],
};
