/**
 * Threaded TF.js wasm in Node. tfjs-backend-wasm 4.22 turns threads off under Node
 * (WASM_HAS_MULTITHREAD_SUPPORT is false there, tensorflow/tfjs#3830) because its Emscripten workers are
 * made from `blob:` URLs, which Node's worker_threads cannot load. This shim, active only while the backend
 * initialises:
 *  - records the text of the Blobs the backend makes (its threaded module factory and its worker script),
 *  - turns the worker script's object URL into a temporary .cjs file that holds a prelude (the bundle's free
 *    variables), the module factory and the worker script, so a worker needs no blob: URL at all,
 *  - gives Emscripten a worker_threads.Worker that never keeps the process alive (the main thread waits for
 *    its workers itself, synchronously, inside each kernel),
 *  - shows the C++ side enough CPUs: it caps the pool at os.cpus().length / 2, which is 1 on 2 vCPUs.
 * Results are the same as with one thread (XNNPACK splits work, not sums): tests compare the two.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';

/** Environment variable that sets the wasm thread count (same as --threads). */
export const THREADS_ENV = 'TAGGAN_THREADS';

/** Emscripten pre-spawns 8 workers; more threads would only queue. */
export const MAX_WASM_THREADS = 8;

const FACTORY_PREFIX = 'var WasmBackendModuleThreadedSimd';

/** Free variables of the bundle that the threaded module factory refers to (tf-backend-wasm.node.js). */
const PRELUDE = `"use strict";
var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');
var commonjsGlobal = globalThis; var _scriptDir = __filename;
function __values(o){var s=typeof Symbol==="function"&&Symbol.iterator,m=s&&o[s],i=0;if(m)return m.call(o);if(o&&typeof o.length==="number")return{next:function(){if(o&&i>=o.length)o=void 0;return{value:o&&o[i++],done:!o}}};throw new TypeError("object is not iterable")}
function __read(o,n){var m=typeof Symbol==="function"&&o[Symbol.iterator];if(!m)return o;var i=m.call(o),r,ar=[];while((n===void 0||n-->0)&&!(r=i.next()).done)ar.push(r.value);return ar}
function __spreadArray(to,from){return to.concat(Array.prototype.slice.call(from))}
`;

/** The worker script loads the factory from a blob: URL; it is already in the file, so that load is skipped. */
const SUFFIX = `
;(function(){var load=global.importScripts;global.importScripts=function(f){if(String(f).startsWith('blob:'))return;return load(f)}})();
`;

/** A worker that never holds the event loop open (Emscripten would ref it while a pthread runs). */
class DetachedWorker extends Worker {
  constructor(file: string | URL, options?: ConstructorParameters<typeof Worker>[1]) {
    super(file, options);
    super.unref();
  }

  override ref(): void {}
}

/** Threads wanted: an explicit request, else TAGGAN_THREADS, else the CPUs this process may use (max 8). */
export function wantedWasmThreads(requested?: number | string): { threads: number; source: string } {
  const fromEnv = process.env[THREADS_ENV];
  const raw = requested ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
  if (raw === undefined || raw === 'auto') {
    const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return { threads: Math.max(1, Math.min(MAX_WASM_THREADS, cpus)), source: 'one per CPU' };
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new RangeError(`threads must be an integer in [1, ${MAX_WASM_THREADS}] or auto, got "${String(raw)}"`);
  }
  return { threads: n, source: requested !== undefined ? '--threads' : THREADS_ENV };
}

interface WasmModule {
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}

/**
 * Installs the shim for `threads` threads before `tf.setBackend('wasm')`; the returned `done` removes it
 * (call it whether or not initialisation worked) and returns the thread count the backend really uses.
 * The temporary worker file is removed when the process exits.
 */
export function prepareWasmThreads(wasm: WasmModule, threads: number): { done: () => number; error: () => string | undefined } {
  let dir: string | undefined;
  let failure: string | undefined;
  if (threads > 1) {
    try {
      dir = mkdtempSync(join(os.tmpdir(), 'taggan-wasm-'));
    } catch (e) {
      failure = `cannot make a folder for the worker script (${(e as Error).message})`;
    }
  }
  if (threads <= 1 || !dir) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setThreadsCount(1);
    return { done: () => 1, error: () => failure };
  }
  const workDir = dir;
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true }));
  const g = globalThis as unknown as { Blob: typeof Blob; Worker?: unknown };
  const OriginalBlob = g.Blob;
  const originalCreate = URL.createObjectURL;
  const originalCpus = os.cpus;
  const texts = new WeakMap<Blob, string>();
  let factory: string | undefined;

  class RecordingBlob extends OriginalBlob {
    constructor(parts: ConstructorParameters<typeof Blob>[0] = [], options?: ConstructorParameters<typeof Blob>[1]) {
      super(parts, options);
      if (parts.every((p) => typeof p === 'string')) {
        const text = parts.join('');
        texts.set(this, text);
        if (text.startsWith(FACTORY_PREFIX)) factory = text;
      }
    }
  }
  g.Blob = RecordingBlob as typeof Blob;
  // Emscripten asks for the worker script once per worker (8 at start). The file is written once, before
  // the first worker starts: rewriting it while another worker reads it left that worker with a truncated
  // script, and initialisation waiting for it forever.
  let workerFile: string | undefined;
  URL.createObjectURL = (obj: Blob): string => {
    const text = texts.get(obj);
    if (text === undefined || text.startsWith(FACTORY_PREFIX)) return originalCreate(obj);
    if (workerFile) return workerFile;
    try {
      if (!factory) throw new Error('the module factory was not seen before the worker script');
      const file = join(workDir, 'pthread-worker.cjs');
      writeFileSync(file, `${PRELUDE}${factory};\n${text}${SUFFIX}`);
      workerFile = file;
      return file;
    } catch (e) {
      failure ??= `cannot write the worker script (${(e as Error).message})`;
      throw e;
    }
  };
  // Emscripten reads `Worker` from the global object, after setting worker_threads.Worker there itself.
  Object.defineProperty(g, 'Worker', { configurable: true, get: () => DetachedWorker, set: () => {} });
  const cpus = originalCpus();
  os.cpus = () => {
    const list = originalCpus();
    while (list.length < 2 * threads) list.push(cpus[0]!);
    return list;
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  // Initialisation waits for the workers' "loaded" messages, and unref'd workers do not keep Node alive.
  const keepAlive = setInterval(() => {}, 1000);
  return {
    error: () => failure,
    done() {
      clearInterval(keepAlive);
      g.Blob = OriginalBlob;
      URL.createObjectURL = originalCreate;
      os.cpus = originalCpus;
      // Workers spawned later (a pool that grows) are detached too.
      Object.defineProperty(g, 'Worker', { configurable: true, writable: true, value: DetachedWorker });
      try {
        return wasm.getThreadsCount();
      } catch {
        return 0;
      }
    },
  };
}
