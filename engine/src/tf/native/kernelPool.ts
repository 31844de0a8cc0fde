/**
 * Runs one of our wasm kernels on several threads at once: the calling thread does share 0, helper
 * worker_threads (each with its own instance of the kernels module on the same shared memory) do shares
 * 1..parts-1, and the call returns when all are done. Used when the wasm backend is threaded (its memory is a
 * SharedArrayBuffer); XNNPACK's own thread pool is idle while our kernels run, so together they never ask
 * for more threads than the backend was given.
 *
 * Protocol over a small SharedArrayBuffer: the caller writes the function and its arguments, sets the
 * pending count, bumps the generation and wakes the helpers (Atomics.notify); each helper runs its share,
 * decrements the pending count and wakes the caller on the last one. A helper that throws sets the error
 * word; a helper that does not answer within HELPER_TIMEOUT_MS fails the call (never a hang) and the pool
 * then runs everything on the calling thread.
 */
import { Worker } from 'node:worker_threads';

const GEN = 0;
const PENDING = 1;
const FN = 2;
const NARGS = 3;
const ERR = 4;
const READY = 8; // READY + id: set by helper id once its instance is made
const MAX_ARGS = 24;
const MAX_HELPERS = 31;

/** How long a call waits for its helpers before it fails. */
export const HELPER_TIMEOUT_MS = 120_000;
/** How long the first call waits for the helpers to have started. */
const START_TIMEOUT_MS = 10_000;

const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { bytes, memory, ctl, args, id, parts, names } = workerData;
const c = new Int32Array(ctl);
const a = new Float64Array(args);
let fns;
try {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  fns = names.map((n) => inst.exports[n]);
} catch (e) {
  Atomics.store(c, ${ERR}, 2);
  Atomics.notify(c, ${READY} + id);
  throw e;
}
Atomics.store(c, ${READY} + id, 1);
Atomics.notify(c, ${READY} + id);
let seen = 0;
for (;;) {
  Atomics.wait(c, ${GEN}, seen);
  seen = Atomics.load(c, ${GEN});
  try {
    const list = Array.from(a.subarray(0, c[${NARGS}]));
    list.push(id, parts);
    fns[c[${FN}]](...list);
  } catch (e) {
    Atomics.store(c, ${ERR}, 1);
  }
  if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
}
`;

export interface KernelPool {
  parts: number;
  /**
   * Runs `name(...args, part, parts)` on every share; throws if a helper failed or timed out. A pool whose
   * helpers did not start runs every call on the calling thread alone (parts 1), after one warning.
   */
  run(name: string, args: number[]): void;
  /** Why the helpers are not used (they did not start, or one stopped answering), or null. */
  failed(): string | null;
}

/**
 * Starts parts - 1 helpers on `memory` (shared) with the module `bytes`; `local(name, args, part, parts)` runs
 * a share on the calling thread.
 */
export function startKernelPool(
  bytes: Uint8Array, memory: unknown, names: readonly string[], parts: number,
  local: (name: string, args: number[], part: number, parts: number) => void,
): KernelPool {
  if (parts - 1 > MAX_HELPERS) throw new RangeError(`kernel pool: at most ${MAX_HELPERS + 1} threads`);
  const ctlBuf = new SharedArrayBuffer(4 * (READY + MAX_HELPERS + 1));
  const argBuf = new SharedArrayBuffer(8 * MAX_ARGS);
  const ctl = new Int32Array(ctlBuf);
  const argv = new Float64Array(argBuf);
  const workers: Worker[] = [];
  for (let id = 1; id < parts; id++) {
    const w = new Worker(HELPER_SOURCE, { eval: true, workerData: { bytes, memory, ctl: ctlBuf, args: argBuf, id, parts, names: [...names] } });
    w.unref();
    w.on('error', () => Atomics.store(ctl, ERR, 2));
    workers.push(w);
  }
  let started = false;
  let failure: string | null = null;
  /** Whether every helper has made its instance; if not in time, the pool stays on the calling thread. */
  const waitStarted = (): boolean => {
    const until = Date.now() + START_TIMEOUT_MS;
    for (let id = 1; id < parts; id++) {
      while (Atomics.load(ctl, READY + id) === 0) {
        const left = until - Date.now();
        if (left <= 0 || Atomics.load(ctl, ERR) === 2) {
          failure = `helper thread ${id} did not start within ${START_TIMEOUT_MS / 1000} s`;
          for (const w of workers) void w.terminate();
          process.emitWarning(`TagGAN kernels run on one thread: ${failure}`);
          return false;
        }
        Atomics.wait(ctl, READY + id, 0, Math.min(left, 100));
      }
    }
    started = true;
    return true;
  };
  return {
    parts,
    failed: () => failure,
    run(name, args) {
      const fn = names.indexOf(name);
      if (fn < 0) throw new Error(`kernel pool: no kernel ${name}`);
      if (args.length > MAX_ARGS) throw new RangeError(`kernel pool: ${args.length} arguments (at most ${MAX_ARGS})`);
      if (failure || (!started && !waitStarted())) {
        local(name, args, 0, 1);
        return;
      }
      argv.set(args);
      Atomics.store(ctl, FN, fn);
      Atomics.store(ctl, NARGS, args.length);
      Atomics.store(ctl, ERR, 0);
      Atomics.store(ctl, PENDING, parts - 1);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      let localError: unknown;
      try {
        local(name, args, 0, parts);
      } catch (e) {
        localError = e;
      }
      const until = Date.now() + HELPER_TIMEOUT_MS;
      for (let p = Atomics.load(ctl, PENDING); p !== 0; p = Atomics.load(ctl, PENDING)) {
        if (Date.now() > until) {
          failure = `${name} did not finish on the helper threads within ${HELPER_TIMEOUT_MS / 1000} s`;
          for (const w of workers) void w.terminate();
          throw new Error(`kernel pool: ${failure}; later calls run on one thread`);
        }
        Atomics.wait(ctl, PENDING, p, 1000);
      }
      if (localError) throw localError;
      if (Atomics.load(ctl, ERR) !== 0) throw new Error(`kernel pool: ${name} failed on a helper thread`);
    },
  };
}
