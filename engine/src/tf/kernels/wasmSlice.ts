/**
 * Slice for the wasm backend, replacing the stock one, which copies the whole input out of the wasm heap
 * (readSync) and then copies one innermost row at a time through a new subarray per row: ~20 ms to take
 * [8, 64, 64, 8] out of [8, 70, 70, 8] (the input gradients of every reflection pad and of tf.split/concat
 * in training). Here: no copy of the input, and the copy runs over the longest contiguous stretch (the
 * trailing dimensions the slice takes whole are merged into one run).
 * Same result as the stock kernel for every dtype but string (handed back to the stock kernel).
 */
import { slice_util, util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

const B = 'wasm';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Runs shorter than this are copied element by element (cheaper than making a subarray). */
const SHORT_RUN = 32;

/**
 * Copies the box `begin`/`size` of `src` (shape `shape`, row-major) into `dst`. Pure: exported for tests.
 */
export function copyBox(
  src: ArrayLike<number> & { subarray?: unknown }, shape: readonly number[], begin: readonly number[], size: readonly number[],
  dst: Float32Array | Int32Array | Uint8Array,
): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[0] = src[0]!;
    return;
  }
  const strides = util.computeStrides(shape as number[]);
  const stride = (d: number): number => (d === rank - 1 ? 1 : strides[d]!);
  // Merge trailing dimensions the slice takes whole into the innermost run.
  let inner = rank - 1;
  let run = size[rank - 1]!;
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) {
    inner -= 1;
    run *= size[inner]!;
  }
  // Dimensions [0, inner) are walked with an odometer; the run starts at begin[inner] on dimension inner.
  const outer = inner;
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  const idx = new Array<number>(outer).fill(0);
  let base = begin[inner]! * stride(inner);
  for (let d = 0; d < outer; d++) base += begin[d]! * stride(d);
  const typedSrc = src as Float32Array;
  let o = 0;
  for (;;) {
    let off = base;
    for (let d = 0; d < outer; d++) off += idx[d]! * stride(d);
    if (run < SHORT_RUN) for (let i = 0; i < run; i++) dst[o + i] = typedSrc[off + i]!;
    else dst.set(typedSrc.subarray(off, off + run), o);
    o += run;
    let d = outer - 1;
    while (d >= 0) {
      idx[d]! += 1;
      if (idx[d]! < size[d]!) break;
      idx[d] = 0;
      d -= 1;
    }
    if (d < 0) break;
  }
}

let stockSlice: KernelFunc | undefined;

/** Set by register.ts: the stock kernel, for string tensors. */
export function setStockSlice(f: KernelFunc | undefined): void {
  stockSlice = f;
}

function sliceWasm(args: { inputs: { x: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }): TensorInfo {
  const { inputs: { x }, attrs } = args;
  const backend = args.backend as unknown as WasmHeapBackend;
  if (x.dtype === 'string') {
    if (!stockSlice) throw new Error('wasm Slice: string tensors need the stock kernel');
    return stockSlice(args as never) as TensorInfo;
  }
  const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin as number[], attrs.size as number[]);
  slice_util.assertParamsValid(x as never, begin, size);
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  const src = backend.typedArrayFromHeap(x); // after makeOutput: the heap may have grown
  const dst = backend.typedArrayFromHeap(out);
  copyBox(src, x.shape, begin, size, dst);
  return out;
}

export const wasmSliceConfig: KernelConfig = {
  kernelName: 'Slice',
  backendName: B,
  kernelFunc: sliceWasm as unknown as KernelConfig['kernelFunc'],
};
