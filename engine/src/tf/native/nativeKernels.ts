/**
 * TagGAN Desk's own wasm SIMD kernels (engine/native/kernels.c), instantiated on the TF.js wasm backend's
 * memory: they read and write tensors where the backend keeps them (by heap offset), so a call costs no copy.
 * One instance per backend; the threaded backend's memory is shared, which needs the module built for
 * shared memory, and there kernels with enough work also run on helper threads (kernelPool.ts). Every call
 * is synchronous: it returns when the result is in memory.
 */
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { startKernelPool, type KernelPool } from './kernelPool';
import { KERNELS_WASM, KERNELS_WASM_SHARED } from './kernelsWasm';

/** WebAssembly, as far as used here (the engine's typings have no DOM library). */
interface WasmMemory { buffer: ArrayBuffer | SharedArrayBuffer }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The parts of the wasm backend (BackendWasm) these kernels use. */
export interface WasmHeapBackend {
  wasm: { _malloc(bytes: number): number; _free(ptr: number): void; _get_threads_count?(): number; wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: string): TensorInfo;
}

/** Exports of kernels.c (pointers are byte offsets into the backend's memory). */
export interface NativeExports {
  in_fwd(x: number, y: number, rstd: number, scratch: number, n: number, hw: number, c: number, eps: number): void;
  in_bwd(dy: number, y: number, rstd: number, dx: number, scratch: number, n: number, hw: number, c: number): void;
  adam(w: number, g: number, m: number, v: number, w2: number, m2: number, v2: number, n: number,
    b1: number, omb1: number, b2: number, omb2: number, c1: number, c2: number, eps: number, neglr: number): void;
  conv_bpf(x: number, dy: number, dw: number, n: number, h: number, w: number, ci: number, oh: number, ow: number, co: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, part: number, parts: number): void;
  conv_co1(x: number, w: number, y: number, n: number, h: number, wd: number, ci: number, oh: number, ow: number, kh: number, kw: number,
    pt: number, pl: number, part: number, parts: number): void;
  scatter_phase(src: number, dst: number, n: number, hs: number, ws: number, c: number, h: number, w: number, i0: number, k0: number, sh: number, sw: number): void;
}

/** The kernels that take (part, parts) and so can run on several threads. */
export type SharedKernel = 'conv_bpf' | 'conv_co1';
const SHARED_KERNELS: readonly SharedKernel[] = ['conv_bpf', 'conv_co1'];

export interface NativeKernels {
  fn: NativeExports;
  /** Threads a shared kernel runs on (the backend's thread count where its memory is shared, else 1). */
  parts: number;
  /**
   * Runs a shared kernel with `args` (all but part, parts): on `parts` threads when `work` (multiply-adds
   * or elements) is worth waking them for, else on this one.
   */
  run(name: SharedKernel, args: number[], work: number): void;
  /** Heap offset of a tensor's data. */
  ptr(t: TensorInfo): number;
  /** A new float32 tensor of `shape` on the backend's heap, for a kernel to write. */
  output(shape: readonly number[]): TensorInfo;
  /** A scratch area of at least `bytes` (reused; valid until the next call). */
  scratch(bytes: number): number;
}

const instances = new WeakMap<object, NativeKernels>();

/**
 * Work (multiply-adds or elements) from which a kernel runs on the helper threads too: waking them and
 * waiting for them costs tens of microseconds, what one thread needs for about this much.
 */
export const MIN_PARALLEL_WORK = 1 << 18;

function decode(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** The backend's memory, or undefined if this is not a wasm backend we know. */
function memoryOf(backend: WasmHeapBackend): WasmMemory | undefined {
  return backend.wasm?.wasmMemory ?? backend.wasm?.asm?.memory;
}

/** Instantiates (once per backend) and returns the kernels; throws if the backend's memory is not reachable. */
export function nativeKernels(b: KernelBackend): NativeKernels {
  const backend = b as unknown as WasmHeapBackend;
  const have = instances.get(backend);
  if (have) return have;
  const memory = memoryOf(backend);
  if (!memory) throw new Error('native kernels: the wasm backend does not expose its memory');
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = decode(shared ? KERNELS_WASM_SHARED : KERNELS_WASM);
  const fn = new WA.Instance(new WA.Module(bytes), { env: { memory } }).exports as unknown as NativeExports;
  const call = (name: string, args: number[], part: number, parts: number): void => {
    (fn as unknown as Record<string, (...a: number[]) => void>)[name]!(...args, part, parts);
  };
  const threads = shared ? Math.max(1, backend.wasm._get_threads_count?.() ?? 1) : 1;
  let pool: KernelPool | undefined;
  if (threads > 1) pool = startKernelPool(bytes, memory, SHARED_KERNELS, threads, call);
  let scratchPtr = 0;
  let scratchBytes = 0;
  const k: NativeKernels = {
    fn,
    get parts() {
      return pool && !pool.failed() ? pool.parts : 1;
    },
    run(name, args, work) {
      if (pool && work >= MIN_PARALLEL_WORK) pool.run(name, args);
      else call(name, args, 0, 1);
    },
    output: (shape) => backend.makeOutput([...shape], 'float32'),
    ptr(t) {
      const d = backend.dataIdMap.get(t.dataId);
      if (!d) throw new Error('native kernels: tensor data is not on the wasm heap');
      return d.memoryOffset;
    },
    scratch(bytes) {
      if (bytes > scratchBytes) {
        if (scratchPtr) backend.wasm._free(scratchPtr);
        scratchBytes = Math.max(bytes, 2 * scratchBytes, 4096);
        scratchPtr = backend.wasm._malloc(scratchBytes);
        if (!scratchPtr) throw new Error(`native kernels: could not allocate ${scratchBytes} bytes of scratch`);
      }
      return scratchPtr;
    },
  };
  instances.set(backend, k);
  return k;
}
