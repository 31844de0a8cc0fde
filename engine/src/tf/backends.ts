/**
 * The TF.js backend ladder: tensorflow (tfjs-node-gpu, CUDA) -> webgpu (Dawn) -> wasm -> cpu.
 * Backends are imported and initialised at run time, never at import time, and the choice is always
 * reported with the reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, BackendProbe, BackendReport } from '../../protocol/backend';
import { BACKEND_LADDER, isBackendName } from '../../protocol/backend';
import { EngineError } from '../errors';
import { registerMissingKernels } from './kernels/register';
import { vulkanLoaderMissing } from './vulkanLoader';
import { THREADS_ENV, prepareWasmThreads, wantedWasmThreads } from './wasmThreads';

/** Environment variable that overrides the ladder (same as --backend). */
export const BACKEND_ENV = 'TAGGAN_BACKEND';

/**
 * Makes a backend registrable; `finish`, when given, runs after tf.setBackend (whether it worked or not)
 * and returns the final detail (e.g. the thread count the backend really got).
 */
type Loader = () => Promise<Loaded>;
interface Loaded {
  detail: string;
  finish?: (ok: boolean) => string;
  /** Another way to load the same backend when this one failed to initialise (threaded wasm -> one thread). */
  fallback?: Loader;
  /** Initialisation that has not finished after this long counts as failed (it waits on worker threads). */
  timeoutMs?: number;
}

/** Threaded wasm starts in well under a second; a start that takes this long is stuck on a worker. */
const THREADED_INIT_TIMEOUT_MS = 60_000;

/** tf.setBackend, failing with a reason if it has not finished after `ms`. */
async function setBackendWithin(name: string, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) return tf.setBackend(name);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not start within ${ms / 1000} s (a worker thread never reported back); try --threads 1`)), ms);
  });
  try {
    return await Promise.race([tf.setBackend(name), late]);
  } finally {
    clearTimeout(timer);
  }
}

const loaders: Record<BackendName, Loader> = {
  async tensorflow() {
    // Optional dependency: present only where libtensorflow could be downloaded at install time.
    // It registers the 'tensorflow' backend in the shared tfjs-core when it loads.
    const spec = '@tensorflow/tfjs-node-gpu';
    await import(/* @vite-ignore */ spec);
    return { detail: 'libtensorflow (CUDA)' };
  },
  async webgpu() {
    const g = globalThis as Record<string, unknown>;
    if (!(g.navigator as { gpu?: unknown } | undefined)?.gpu) {
      const missing = vulkanLoaderMissing();
      if (missing) throw new Error(missing);
      const { create, globals } = (await import('webgpu')) as unknown as {
        create: (flags: string[]) => { requestAdapter(): Promise<unknown> };
        globals: Record<string, unknown>;
      };
      Object.assign(globalThis, globals);
      const gpu = create([]);
      const adapter = await gpu.requestAdapter();
      if (!adapter) throw new Error('no WebGPU adapter (no GPU, or no Vulkan/Metal/D3D12 driver)');
      Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    }
    // The backend registers itself only if navigator.gpu exists when it is imported.
    await import('@tensorflow/tfjs-backend-webgpu');
    return { detail: 'Dawn WebGPU' };
  },
  wasm: () => loadWasm(),
  async cpu() {
    // The cpu backend greets Node users on stderr ("Hi, looks like you are running TensorFlow.js in Node.js");
    // the ladder already says which backend runs and why, so TF.js's own notices are turned off.
    tf.env().set('PROD', true);
    await import('@tensorflow/tfjs-backend-cpu');
    return { detail: 'plain JavaScript' };
  },
};

let wasmInitDetail: string | undefined;

/**
 * wasm with the thread count wanted (--threads, TAGGAN_THREADS, else one per CPU); if the threaded build
 * fails to start, one thread, with the reason in the detail.
 */
async function loadWasm(forceOne?: string): Promise<Loaded> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Initialised once per process (tf.findBackend would start that initialisation itself, without the shim).
  if (wasmInitDetail) return { detail: wasmInitDetail };
  const want = forceOne ? { threads: 1, source: forceOne } : wantedWasmThreads();
  const shim = prepareWasmThreads(wasm, want.threads);
  const describe = (got: number): string => {
    const n = `${got} thread${got === 1 ? '' : 's'}`;
    if (forceOne) return `WebAssembly (SIMD, ${n}: ${forceOne})`;
    if (got < want.threads) return `WebAssembly (SIMD, ${n}: ${want.threads} wanted (${want.source}), ${shim.error() ?? 'the threaded build gave fewer'})`;
    return `WebAssembly (SIMD, ${n}${want.threads > 1 ? `, ${want.source}` : ''})`;
  };
  return {
    detail: 'WebAssembly (SIMD)',
    finish: (ok) => {
      const got = shim.done();
      const detail = ok ? describe(got) : `threaded WebAssembly failed to start${shim.error() ? `: ${shim.error()}` : ''}`;
      if (ok) wasmInitDetail = detail;
      return detail;
    },
    timeoutMs: want.threads > 1 ? THREADED_INIT_TIMEOUT_MS : undefined,
    fallback: want.threads > 1 ? () => loadWasm(`${want.threads} wanted (${want.source}), but the threaded build failed to start: ${shim.error() ?? 'unknown reason'}`) : undefined,
  };
}

async function tryBackend(name: BackendName, loader: Loader = loaders[name]): Promise<BackendProbe> {
  try {
    const loaded = await loader();
    let ok = false;
    try {
      ok = await setBackendWithin(name, loaded.timeoutMs);
      if (ok) await tf.ready();
    } finally {
      const detail = loaded.finish?.(ok) ?? loaded.detail;
      loaded.detail = detail;
    }
    if (!ok && loaded.fallback) return await tryBackend(name, loaded.fallback);
    if (!ok) return { name, ok: false, detail: `${name} backend failed to initialise` };
    return { name, ok: true, detail: loaded.detail };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { name, ok: false, detail: firstLine(msg) };
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  if (/Cannot find (module|package)/.test(line)) return 'not installed';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

let current: BackendReport | undefined;

/**
 * Chooses and initialises a backend. `prefer` (or TAGGAN_BACKEND) forces one; if the forced one
 * fails, that is an error, not a silent fallback.
 */
export async function initBackend(prefer?: string): Promise<BackendReport> {
  try {
    wantedWasmThreads();
  } catch (e) {
    throw new EngineError('BAD_REQUEST', `${THREADS_ENV}: ${(e as Error).message}`);
  }
  const forced = prefer ?? process.env[BACKEND_ENV];
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    if (!isBackendName(forced)) {
      throw new EngineError('BACKEND', `unknown backend "${forced}"; choose one of ${BACKEND_LADDER.join(', ')}, auto`);
    }
    if (current?.chosen === forced && tf.getBackend() === forced) return current;
    const probe = await tryBackend(forced);
    if (!probe.ok) throw new EngineError('BACKEND', `backend ${forced} requested but unavailable: ${probe.detail}`);
    registerMissingKernels(forced);
    current = { chosen: forced, reason: `requested (${prefer !== undefined ? '--backend' : BACKEND_ENV})`, detail: probe.detail, tried: [probe] };
    return current;
  }
  if (current && tf.getBackend() === current.chosen) return current;
  const tried: BackendProbe[] = [];
  for (const name of BACKEND_LADDER) {
    const probe = await tryBackend(name);
    tried.push(probe);
    if (probe.ok) {
      registerMissingKernels(name);
      const skipped = tried.filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`);
      const reason = skipped.length === 0 ? 'best available' : `best available (${skipped.join('; ')})`;
      current = { chosen: name, reason, detail: probe.detail, tried };
      return current;
    }
  }
  throw new EngineError('BACKEND', `no TF.js backend could be initialised: ${tried.map((p) => `${p.name}: ${p.detail}`).join('; ')}`);
}

/** The backend chosen so far, if any. */
export function currentBackend(): BackendReport | undefined {
  return current;
}

/** Probes every backend (for `taggan backends`); afterwards the best working one is active again. */
export async function probeAllBackends(): Promise<BackendProbe[]> {
  const out: BackendProbe[] = [];
  for (const name of BACKEND_LADDER) out.push(await tryBackend(name));
  const best = out.find((p) => p.ok);
  if (current) await tf.setBackend(current.chosen);
  else if (best) await tf.setBackend(best.name);
  return out;
}

let availableCache: BackendName[] | undefined;

/** Names of the backends that load here, best first; the chosen backend stays active. Cached. */
export async function availableBackends(): Promise<BackendName[]> {
  if (!availableCache) availableCache = (await probeAllBackends()).filter((p) => p.ok).map((p) => p.name);
  return availableCache;
}

/** One line for the top of CLI output and the UI status bar. */
export function describeBackend(r: BackendReport): string {
  return `backend: ${r.chosen}${r.detail ? ` [${r.detail}]` : ''} (${r.reason})`;
}
