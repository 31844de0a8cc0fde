/**
 * Conv2DBackpropInput for the wasm backend, replacing the stock one (a plain C++ loop, ~10x slower than
 * the forward convolution): the input gradient of a 2-D convolution (also the forward pass of
 * conv2dTranspose) as forward convolutions (XNNPACK, or our one-channel kernel) of the output gradient with
 * the flipped, in/out-swapped filter.
 *
 *   dy     [N, OH, OW, Co]   (NHWC only, float32)
 *   filter [KH, KW, Ci, Co]
 *   -> dx  [N, H, W, Ci] (inputShape), dx[i] = sum over oh, kh with oh*s + kh - padTop = i of dy[oh] * W[kh]
 *
 * Stride 1: ONE convolution with the whole flipped filter. Stride s > 1: by phases. The rows i of dx with
 * (i + padTop) mod s = r only meet the taps kh = r, r + s, r + 2s, ..., and each of them one row of dy, so
 * each of the s x s phases is a stride-1 convolution of dy with the sub-filter of its taps, and the phases
 * interleave into dx (our scatter_phase kernel). That is the multiply-adds the gradient needs; convolving
 * dy dilated with s - 1 zeros (as this kernel did before) did s^2 times as many.
 * The filter flip + channel swap is one JS pass over the wasm heap. Dilation is 1 (TF.js asserts that for the
 * input gradient).
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/nativeKernels';
import { callKernel } from './callKernel';

const B = 'wasm';

/** The wasm-backend methods used to work on tensor memory in place. */
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

/** One phase along one axis of a strided input gradient. */
export interface AxisPhase {
  /** First dx index of the phase (then every s-th) and how many there are. */
  first: number;
  count: number;
  /** Its taps: r, r + s, ... (m of them). */
  tap: number;
  taps: number;
  /** dy rows to drop at the start / end (crop), or zero rows to add (pad), for a 'valid' stride-1 convolution. */
  cropLo: number;
  padLo: number;
  cropHi: number;
  padHi: number;
}

/**
 * Phase r (0 <= r < s) of an axis of size `size` (dx), kernel k, stride s, padding before `pad`, dy size `out`:
 * dx[first + s*j] = sum over q < taps of dy[j + lo + q] * w[tap + s*(taps - 1 - q)], lo = c - (taps - 1),
 * c = (first + pad - tap) / s. Pure: exported for tests.
 */
export function axisPhase(size: number, k: number, s: number, pad: number, out: number, r: number): AxisPhase {
  const first = (((r - pad) % s) + s) % s;
  const count = first < size ? Math.ceil((size - first) / s) : 0;
  const taps = r < k ? Math.ceil((k - r) / s) : 0;
  const c = (first + pad - r) / s;
  const lo = c - (taps - 1);
  const hi = count - 1 + c - (out - 1);
  return { first, count, tap: r, taps, cropLo: Math.max(0, lo), padLo: Math.max(0, -lo), cropHi: Math.max(0, -hi), padHi: Math.max(0, hi) };
}

/** Sub-filter of phase (ry, rx): out[qy, qx, co, ci] = w[ry.tap + s*(ry.taps-1-qy), rx.tap + s*(rx.taps-1-qx), ci, co]. */
function phaseFilter(filter: TensorInfo, py: AxisPhase, px: AxisPhase, sh: number, sw: number, backend: WasmHeapBackend): TensorInfo {
  const [, KW, Ci, Co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([py.taps, px.taps, Co, Ci], 'float32');
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out); // after makeOutput: the heap may have grown
  let o = 0;
  for (let qy = 0; qy < py.taps; qy++) {
    const kh = py.tap + sh * (py.taps - 1 - qy);
    for (let qx = 0; qx < px.taps; qx++) {
      const kw = px.tap + sw * (px.taps - 1 - qx);
      const base = (kh * KW + kw) * Ci * Co;
      for (let co = 0; co < Co; co++) for (let ci = 0; ci < Ci; ci++) dst[o++] = src[base + ci * Co + co]!;
    }
  }
  return out;
}

/** The strided input gradient by phases (see the top of this file). */
function byPhases(
  dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo, inputShape: [number, number, number, number], backend: KernelBackend,
): TensorInfo {
  const [N, H, W, Ci] = inputShape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW, padInfo } = info;
  const heap = backend as unknown as WasmHeapBackend;
  const k = nativeKernels(backend);
  const rows = Array.from({ length: sh }, (_, r) => axisPhase(H, KH, sh, padInfo.top, OH, r));
  const cols = Array.from({ length: sw }, (_, r) => axisPhase(W, KW, sw, padInfo.left, OW, r));
  const dx = heap.makeOutput([N, H, W, Ci], 'float32');
  // A phase without taps (kernel smaller than the stride) gets no contribution: zeros.
  if (rows.some((p) => p.count > 0 && p.taps === 0) || cols.some((p) => p.count > 0 && p.taps === 0)) heap.typedArrayFromHeap(dx).fill(0);
  for (const py of rows) {
    for (const px of cols) {
      if (py.count === 0 || px.count === 0 || py.taps === 0 || px.taps === 0) continue;
      const temps: TensorInfo[] = [];
      try {
        let d = dy;
        if (py.cropLo || py.cropHi || px.cropLo || px.cropHi) {
          d = callKernel(B, 'Slice', { x: dy }, { begin: [0, py.cropLo, px.cropLo, 0], size: [N, OH - py.cropLo - py.cropHi, OW - px.cropLo - px.cropHi, dy.shape[3]!] }, backend);
          temps.push(d);
        }
        const f = phaseFilter(filter, py, px, sh, sw, heap);
        temps.push(f);
        const part = callKernel(B, 'Conv2D', { x: d, filter: f }, {
          strides: [1, 1], pad: [[0, 0], [py.padLo, py.padHi], [px.padLo, px.padHi], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined as never,
        }, backend);
        temps.push(part);
        if (part.shape[1] !== py.count || part.shape[2] !== px.count) throw new Error(`wasm Conv2DBackpropInput: phase shape ${part.shape} != [${N},${py.count},${px.count},${Ci}]`);
        k.fn.scatter_phase(k.ptr(part), k.ptr(dx), N, py.count, px.count, Ci, H, W, py.first, px.first, sh, sw);
      } catch (e) {
        backend.disposeData(dx.dataId);
        throw e;
      } finally {
        for (const t of temps) backend.disposeData(t.dataId);
      }
    }
  }
  return dx;
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
    if (sh > 1 || sw > 1) return byPhases(dy, filter, info, inputShape, backend);
    let d = dy;
    // Padding so that a stride-1 'valid' convolution with the flipped filter yields H x W.
    let [t, b] = [KH - 1 - info.padInfo.top, 0];
    b = H + KH - 1 - t - OH;
    let [l, r] = [KW - 1 - info.padInfo.left, 0];
    r = W + KW - 1 - l - OW;
    if (t < 0 || b < 0 || l < 0 || r < 0) {
      const begin = [0, Math.max(0, -t), Math.max(0, -l), 0];
      const size = [N, OH - begin[1]! - Math.max(0, -b), OW - begin[2]! - Math.max(0, -r), Co];
      d = tmp(callKernel(B, 'Slice', { x: d }, { begin, size }, backend));
      [t, b, l, r] = [Math.max(0, t), Math.max(0, b), Math.max(0, l), Math.max(0, r)];
    }
    // Flipped filter with in/out channels swapped: [KH, KW, Co, Ci].
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
