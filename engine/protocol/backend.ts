/** TF.js compute backends, best first: the engine's ladder. */
export const BACKEND_LADDER = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_LADDER)[number];

export interface BackendProbe {
  name: BackendName;
  ok: boolean;
  /** Why it was not used (error text), or what it runs on. */
  detail: string;
}

export interface BackendReport {
  chosen: BackendName;
  /** One sentence: why this backend (override, or which better ones failed and why). */
  reason: string;
  /** What the chosen backend runs on, e.g. "WebAssembly (SIMD, 2 threads, one per CPU)". */
  detail?: string;
  tried: BackendProbe[];
}

export function isBackendName(x: unknown): x is BackendName {
  return typeof x === 'string' && (BACKEND_LADDER as readonly string[]).includes(x);
}
