/**
 * Conv2DBackpropInput for the wasm backend, replacing the stock one (a plain C++ loop, ~10x slower than
 * the forward convolution): the input gradient of a 2-D convolution (also the forward pass of
 * conv2dTranspose) as ONE forward convolution (XNNPACK) of the zero-dilated output gradient with the
 * flipped, in/out-swapped filter.
 *
 *   dy     [N, OH, OW, Co]   (NHWC only, float32)
 *   filter [KH, KW, Ci, Co]
 *   -> dx  [N, H, W, Ci] (inputShape), dx[i] = sum over oh, kh with oh*s + kh - padTop = i of dy[oh] * W[kh]
 *
 * The filter flip + channel swap is one JS pass over the wasm heap. For stride s > 1, dy is dilated with s-1 zeros between rows/columns (reshape + pad), so the
 * convolution does s^2 times the necessary multiply-adds; it is still faster than the stock kernel.
 * Dilation is 1 (TF.js asserts that for the input gradient).
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './callKernel';

const B = 'wasm';

/** The two wasm-backend methods used to work on tensor memory in place. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/**
 * w [KH, KW, Ci, Co] -> out[KH-1-kh, KW-1-kw, co, ci] = w[kh, kw, ci, co], in one pass over the wasm heap
 * (the stock wasm Reverse kernel alone takes ~20 ms for a 3x3x256x256 filter; this ~1 ms).
 */
function flipSwapFilter(filter: TensorInfo, backend: WasmHeapBackend): TensorInfo {
  const [KH, KW, Ci, Co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([KH, KW, Co, Ci], 'float32');
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out); // after makeOutput: the heap may have grown
  const taps = KH * KW;
  const plane = Ci * Co;
  for (let t = 0; t < taps; t++) {
    const so = t * plane;
    const dOff = (taps - 1 - t) * plane;
    for (let ci = 0; ci < Ci; ci++) {
      const sRow = so + ci * Co;
      for (let co = 0; co < Co; co++) dst[dOff + co * Ci + ci] = src[sRow + co]!;
    }
  }
  return out;
}

export function conv2DBackpropInputViaConv(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
    strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; inputShape: [number, number, number, number];
  };
  if (dataFormat !== undefined && dataFormat !== 'NHWC') throw new Error(`wasm Conv2DBackpropInput supports NHWC only, got ${dataFormat}`);
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') throw new Error('wasm Conv2DBackpropInput supports float32 only');
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const [N, H, W, Ci] = inputShape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW, outChannels: Co } = info;
  if (dy.shape[0] !== N || dy.shape[1] !== OH || dy.shape[2] !== OW || dy.shape[3] !== Co) {
    throw new Error(`wasm Conv2DBackpropInput: dy shape ${dy.shape} does not match [${N},${OH},${OW},${Co}]`);
  }
  const temps: TensorInfo[] = [];
  const tmp = (t: TensorInfo): TensorInfo => (temps.push(t), t);
  try {
    // 1. Zero-dilate dy: data at rows oh*sh, columns ow*sw; size OH*sh x OW*sw.
    let d = dy;
    if (sh > 1 || sw > 1) {
      const r6 = tmp(callKernel(B, 'Reshape', { x: dy }, { shape: [N, OH, 1, OW, 1, Co] }, backend));
      const p6 = tmp(callKernel(B, 'PadV2', { x: r6 }, {
        paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
      }, backend));
      d = tmp(callKernel(B, 'Reshape', { x: p6 }, { shape: [N, OH * sh, OW * sw, Co] }, backend));
    }
    // 2. Padding so that a stride-1 'valid' convolution with the flipped filter yields H x W.
    let [t, b] = [KH - 1 - info.padInfo.top, 0];
    b = H + KH - 1 - t - OH * sh;
    let [l, r] = [KW - 1 - info.padInfo.left, 0];
    r = W + KW - 1 - l - OW * sw;
    if (t < 0 || b < 0 || l < 0 || r < 0) {
      const begin = [0, Math.max(0, -t), Math.max(0, -l), 0];
      const size = [N, OH * sh - begin[1]! - Math.max(0, -b), OW * sw - begin[2]! - Math.max(0, -r), Co];
      d = tmp(callKernel(B, 'Slice', { x: d }, { begin, size }, backend));
      [t, b, l, r] = [Math.max(0, t), Math.max(0, b), Math.max(0, l), Math.max(0, r)];
    }
    // 3. Flipped filter with in/out channels swapped: [KH, KW, Co, Ci].
    const wf = tmp(flipSwapFilter(filter, backend as unknown as WasmHeapBackend));
    const out = callKernel(B, 'Conv2D', { x: d, filter: wf }, {
      strides: [1, 1], pad: [[0, 0], [t, b], [l, r], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined as never,
    }, backend);
    if (out.shape[1] !== H || out.shape[2] !== W || out.shape[3] !== Ci) {
      backend.disposeData(out.dataId);
      throw new Error(`wasm Conv2DBackpropInput: internal shape ${out.shape} != ${inputShape}`);
    }
    return out;
  } finally {
    for (const x of temps) backend.disposeData(x.dataId);
  }
}

export const wasmConv2DBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: B,
  kernelFunc: conv2DBackpropInputViaConv as unknown as KernelConfig['kernelFunc'],
};
