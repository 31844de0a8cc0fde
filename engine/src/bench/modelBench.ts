/**
 * Model benchmark (not a test): ms per G_A2N forward and per full TagGAN training step (classifier,
 * generators, discriminators; Adam) for the --quick preset and the reference ResNet-9 (ngf 64, 9 blocks,
 * ndf 64, no classifier) at several sizes, on each requested backend. Batch 1 everywhere so the figures
 * compare across presets. A measurement whose estimate (from the previous size, x4 per doubling, or for
 * the first step 50x the forward) exceeds maxMs is skipped and reported as such. Prints one JSON line per figure and a table; returns the rows.
 */
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { buildTagGan } from '../model/buildTagGan';
import { REFERENCE_ARCH, type ModelArch } from '../model/modelConfig';
import { initBackend } from '../tf/backends';
import { QUICK_CONFIG, DEFAULT_LOSS } from '../train/trainConfig';
import { createOptimizers, disposeOptimizers, trainStep } from '../train/trainStep';

export interface ModelBenchOptions {
  backends?: string[];
  sizes?: number[];
  presets?: ('quick' | 'reference')[];
  /** Timed runs per figure after one warm-up (default 3; 1 for anything over 5 s). */
  runs?: number;
  /** Skip a figure estimated to take longer than this per run (default 60 000 ms). */
  maxMs?: number;
  log?: (line: string) => void;
}

export interface ModelBenchRow {
  backend: string;
  preset: 'quick' | 'reference';
  size: number;
  what: 'forward' | 'step';
  /** Median ms, or null when skipped. */
  ms: number | null;
  runs: number;
  skipped?: string;
  params: number;
  machine: string;
}

/** Lower-bound guess of (step ms) / (forward ms) used to skip a step before any step was timed. */
const STEP_OVER_FORWARD = 50;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(fn: () => Promise<void>, runs: number): Promise<{ ms: number; runs: number }> {
  const t0 = performance.now();
  await fn(); // warm-up (kernel setup, Adam slots)
  const warm = performance.now() - t0;
  const n = warm > 5000 ? 1 : runs;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: n };
}

export async function runModelBench(opts: ModelBenchOptions = {}): Promise<ModelBenchRow[]> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const backends = opts.backends ?? ['wasm', 'cpu'];
  const sizes = [...(opts.sizes ?? [64, 128, 256])].sort((a, b) => a - b);
  const presets = opts.presets ?? ['quick', 'reference'];
  const maxMs = opts.maxMs ?? 60_000;
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`;
  const rows: ModelBenchRow[] = [];
  for (const backend of backends) {
    await initBackend(backend);
    let aborted = '';
    for (const preset of presets) {
      const last: Record<string, { size: number; ms: number }> = {};
      for (const size of sizes) {
        const arch: ModelArch = preset === 'quick' ? { ...QUICK_CONFIG.arch, size } : { ...REFERENCE_ARCH, size };
        if (aborted) {
          for (const what of ['forward', 'step'] as const) {
            const row: ModelBenchRow = { backend, preset, size, what, ms: null, runs: 0, skipped: `not run: ${aborted}`, params: 0, machine };
            rows.push(row);
            log(JSON.stringify({ bench: 'model', ...row }));
          }
          continue;
        }
        const nets = buildTagGan(arch, 1);
        const opt = createOptimizers(nets, 2e-4, 0.5);
        const xA = tf.randomUniform([1, size, size, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
        const xN = tf.randomUniform([1, size, size, 1], -1, 1, 'float32', 2) as tf.Tensor4D;
        try {
          for (const what of ['forward', 'step'] as const) {
            const prev = last[what];
            // No smaller size timed yet: a step costs at least ~50 forwards (measured 56x for the reference on wasm).
            const fwd = last.forward;
            const fwdEstimate = fwd ? fwd.ms * (size / fwd.size) ** 2 : 0; // fwd.size === size when it was timed here
            const estimate = prev ? prev.ms * (size / prev.size) ** 2 : what === 'step' ? fwdEstimate * STEP_OVER_FORWARD : 0;
            const row: ModelBenchRow = { backend, preset, size, what, ms: null, runs: 0, params: nets.gA2N.params.count(), machine };
            if (aborted) {
              row.skipped = `not run: ${aborted}`;
            } else if (estimate > maxMs) {
              row.skipped = `estimated ${(estimate / 1000).toFixed(0)} s > ${(maxMs / 1000).toFixed(0)} s`;
            } else try {
              const r = await timeIt(async () => {
                if (what === 'forward') {
                  const m = tf.tidy(() => nets.gA2N.apply(xA));
                  await m.data();
                  m.dispose();
                } else {
                  await trainStep(nets, opt, DEFAULT_LOSS, xA, xN);
                }
              }, opts.runs ?? 3);
              row.ms = r.ms;
              row.runs = r.runs;
              last[what] = { size, ms: r.ms };
            } catch (e) {
              // A wasm RuntimeError (typically the 4 GB heap exhausted) leaves the module unusable.
              row.skipped = `failed: ${(e as Error).message}`;
              if ((e as Error).name === 'RuntimeError') aborted = `${backend} runtime aborted earlier (${(e as Error).message})`;
            }
            rows.push(row);
            log(JSON.stringify({ bench: 'model', ...row }));
          }
        } finally {
          tf.dispose([xA, xN]);
          disposeOptimizers(opt);
          nets.dispose();
        }
      }
    }
  }
  log('');
  log(`${'backend'.padEnd(8)} ${'preset'.padEnd(10)} ${'size'.padStart(5)} ${'forward ms'.padStart(12)} ${'step ms'.padStart(12)}`);
  const fmt = (r: ModelBenchRow | undefined): string => (r?.ms != null ? r.ms.toFixed(1) : 'skipped').padStart(12);
  for (const backend of backends) {
    for (const preset of presets) {
      for (const size of sizes) {
        const f = rows.find((r) => r.backend === backend && r.preset === preset && r.size === size && r.what === 'forward');
        const s = rows.find((r) => r.backend === backend && r.preset === preset && r.size === size && r.what === 'step');
        log(`${backend.padEnd(8)} ${preset.padEnd(10)} ${String(size).padStart(5)} ${fmt(f)} ${fmt(s)}`);
      }
    }
  }
  return rows;
}
