/**
 * Conv2DBackpropFilter for the wasm backend (TF.js 4.22 has none): the filter gradient of a 2-D
 * convolution, by one of two methods chosen by shape:
 *
 *   x  [N, H, W, Ci]      (NHWC only, float32)
 *   dy [N, OH, OW, Co]    (gradient of the convolution's output)
 *   -> dW [KH, KW, Ci, Co] = sum over n, oh, ow of xpad[n, oh*sh + kh, ow*sw + kw, ci] * dy[n, oh, ow, co]
 *
 * - 'direct' (up to 128 x 256 channels): our SIMD kernel (engine/native/kernels.c conv_bpf), which runs every
 *   tap over one row of dy at a time while it is in cache and skips the zero padding instead of copying x into a
 *   padded buffer (TF.js's PadV2 took longer than the gradient itself for a 6 MB activation): 25-31 GFLOP/s on one thread here for the
 *   generators' layers, where XNNPACK through the swapped-roles convolution this file used before reached
 *   2-14 (2 for the 7x7 layers to one channel).
 * - 'im2col' (Ci*Co >= IM2COL_MIN_CHANNEL_PRODUCT): one strided slice per tap, transposed to [Ci, M]
 *   (M = N*OH*OW), stacked into cols [KH*KW*Ci, M], then cols x dy[M, Co] (XNNPACK): 12.6 ms against the
 *   direct kernel's 16.4 for a 256 x 256-channel 3x3 layer at 16 x 16. Temporary memory: KH*KW*Ci*M floats.
 *
 * Dilation is 1 (TF.js asserts that for the filter gradient).
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/nativeKernels';
import { callKernel } from './callKernel';

const B = 'wasm';

/** Channel product (Ci*Co) from which im2col beats the direct kernel (measured on wasm). */
export const IM2COL_MIN_CHANNEL_PRODUCT = 256 * 256;

/** Which rewrite conv2DBackpropFilterWasm uses for a layer with Ci input and Co output channels. */
export function conv2DBackpropFilterMethod(ci: number, co: number): 'direct' | 'im2col' {
  return ci * co >= IM2COL_MIN_CHANNEL_PRODUCT ? 'im2col' : 'direct';
}

export function conv2DBackpropFilterWasm(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
  };
  if (dataFormat !== undefined && dataFormat !== 'NHWC') throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}`);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('wasm Conv2DBackpropFilter supports float32 only');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const [N, H, W, Ci] = x.shape as [number, number, number, number];
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW, outChannels: Co } = info;
  if (dy.shape[0] !== N || dy.shape[1] !== OH || dy.shape[2] !== OW || dy.shape[3] !== Co) {
    throw new Error(`wasm Conv2DBackpropFilter: dy shape ${dy.shape} does not match [${N},${OH},${OW},${Co}]`);
  }
  const temps: TensorInfo[] = [];
  const tmp = (t: TensorInfo): TensorInfo => (temps.push(t), t);
  try {
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    if (conv2DBackpropFilterMethod(Ci, Co) === 'direct') {
      // The kernel skips what lies in the zero padding: x is read where it is.
      const k = nativeKernels(backend);
      const out = k.output([KH, KW, Ci, Co]);
      k.run('conv_bpf', [k.ptr(x), k.ptr(dy), k.ptr(out), N, H, W, Ci, OH, OW, Co, KH, KW, sh, sw, top, left], N * OH * OW * KH * KW * Ci * Co);
      return out;
    }
    // im2col: pad x so every tap of every output position is inside it (only as much as is actually read).
    const bottom = Math.max(0, (OH - 1) * sh + KH - H - top);
    const right = Math.max(0, (OW - 1) * sw + KW - W - left);
    const xp = top || left || bottom || right
      ? tmp(callKernel(B, 'PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }, backend))
      : x;
    const M = N * OH * OW;
    const cols: TensorInfo[] = [];
    for (let a = 0; a < KH; a++) {
      for (let b = 0; b < KW; b++) {
        const s = tmp(callKernel(B, 'StridedSlice', { x: xp }, {
          begin: [0, a, b, 0], end: [N, a + (OH - 1) * sh + 1, b + (OW - 1) * sw + 1, Ci], strides: [1, sh, sw, 1],
          beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
        }, backend));
        const r = tmp(callKernel(B, 'Reshape', { x: s }, { shape: [M, Ci] }, backend));
        cols.push(tmp(callKernel(B, 'Transpose', { x: r }, { perm: [1, 0] }, backend))); // [Ci, M]
      }
    }
    const colMat = cols.length === 1 ? cols[0]! : tmp(callKernel(B, 'Concat', cols, { axis: 0 }, backend)); // [KH*KW*Ci, M]
    const cols3 = tmp(callKernel(B, 'Reshape', { x: colMat }, { shape: [1, KH * KW * Ci, M] }, backend));
    const dy3 = tmp(callKernel(B, 'Reshape', { x: dy }, { shape: [1, M, Co] }, backend));
    const prod = tmp(callKernel(B, 'BatchMatMul', { a: cols3, b: dy3 }, { transposeA: false, transposeB: false }, backend)); // [1, K, Co]
    return callKernel(B, 'Reshape', { x: prod }, { shape: [KH, KW, Ci, Co] }, backend);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: B,
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelConfig['kernelFunc'],
};
