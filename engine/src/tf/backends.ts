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

/** Environment variable that overrides the ladder (same as --backend). */
export const BACKEND_ENV = 'TAGGAN_BACKEND';

type Loader = () => Promise<string>;

const loaders: Record<BackendName, Loader> = {
  async tensorflow() {
    // Optional dependency: present only where libtensorflow could be downloaded at install time.
    // It registers the 'tensorflow' backend in the shared tfjs-core when it loads.
    const spec = '@tensorflow/tfjs-node-gpu';
    await import(/* @vite-ignore */ spec);
    return 'libtensorflow (CUDA)';
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
    return 'Dawn WebGPU';
  },
  async wasm() {
    await import('@tensorflow/tfjs-backend-wasm');
    return 'WebAssembly (SIMD)';
  },
  async cpu() {
    // The cpu backend greets Node users on stderr ("Hi, looks like you are running TensorFlow.js in Node.js");
    // the ladder already says which backend runs and why, so TF.js's own notices are turned off.
    tf.env().set('PROD', true);
    await import('@tensorflow/tfjs-backend-cpu');
    return 'plain JavaScript';
  },
};

async function tryBackend(name: BackendName): Promise<BackendProbe> {
  try {
    const detail = await loaders[name]();
    const ok = await tf.setBackend(name);
    if (!ok) return { name, ok: false, detail: `${name} backend failed to initialise` };
    await tf.ready();
    return { name, ok: true, detail };
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
  const forced = prefer ?? process.env[BACKEND_ENV];
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    if (!isBackendName(forced)) {
      throw new EngineError('BACKEND', `unknown backend "${forced}"; choose one of ${BACKEND_LADDER.join(', ')}, auto`);
    }
    if (current?.chosen === forced && tf.getBackend() === forced) return current;
    const probe = await tryBackend(forced);
    if (!probe.ok) throw new EngineError('BACKEND', `backend ${forced} requested but unavailable: ${probe.detail}`);
    registerMissingKernels(forced);
    current = { chosen: forced, reason: `requested (${prefer !== undefined ? '--backend' : BACKEND_ENV})`, tried: [probe] };
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
      current = { chosen: name, reason, tried };
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
  return `backend: ${r.chosen} (${r.reason})`;
}
