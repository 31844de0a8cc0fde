/**
 * Conv2DBackpropFilter for the wasm backend (TF.js 4.22 has none): the filter gradient of a 2-D
 * convolution as im2col + one matrix product, built from kernels the wasm backend does have
 * (PadV2, StridedSlice, Concat, Transpose, BatchMatMul, all XNNPACK/SIMD code).
 *
 *   x  [N, H, W, Ci]      (NHWC only, float32)
 *   dy [N, OH, OW, Co]    (gradient of the convolution's output)
 *   -> dW [KH, KW, Ci, Co] = sum over n, oh, ow of xpad[n, oh*sh + kh, ow*sw + kw, ci] * dy[n, oh, ow, co]
 *
 * Dilation is 1 (TF.js asserts that for the filter gradient). The product is computed as
 * dy^T [Co, M] x cols [M, KH*KW*Ci] (M = N*OH*OW) because the wasm BatchMatMul with transposeA is
 * about 15x slower than without. Temporary memory: cols is M*KH*KW*Ci floats (38 MB for a 3x3x256 layer
 * at 64x64).
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './callKernel';

const B = 'wasm';

export function conv2DBackpropFilterViaMatMul(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo {
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
    // Pad x so every tap of every output position is inside it (only as much as is actually read).
    const top = info.padInfo.top;
    const left = info.padInfo.left;
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
        cols.push(tmp(callKernel(B, 'Reshape', { x: s }, { shape: [M, Ci] }, backend)));
      }
    }
    const colMat = cols.length === 1 ? cols[0]! : tmp(callKernel(B, 'Concat', cols, { axis: 1 }, backend));
    const dy2 = tmp(callKernel(B, 'Reshape', { x: dy }, { shape: [1, M, Co] }, backend));
    const dyT = tmp(callKernel(B, 'Transpose', { x: dy2 }, { perm: [0, 2, 1] }, backend));
    const cols3 = tmp(callKernel(B, 'Reshape', { x: colMat }, { shape: [1, M, KH * KW * Ci] }, backend));
    const prod = tmp(callKernel(B, 'BatchMatMul', { a: dyT, b: cols3 }, { transposeA: false, transposeB: false }, backend)); // [1, Co, K]
    const prodT = tmp(callKernel(B, 'Transpose', { x: prod }, { perm: [0, 2, 1] }, backend)); // [1, K, Co]
    return callKernel(B, 'Reshape', { x: prodT }, { shape: [KH, KW, Ci, Co] }, backend);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: B,
  kernelFunc: conv2DBackpropFilterViaMatMul as unknown as KernelConfig['kernelFunc'],
};
