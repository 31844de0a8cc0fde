/**
 * Training-throughput benchmark (not a test): `npm run bench -- train`.
 * For each wasm thread count, preset (quick, default, reference) and size (64, 128, 256 px): ms per real
 * TagGAN training step at the preset's batch, images/s, peak RSS, and a kernel profile of one step (kernel
 * time by kernel, the rest is dispatch + JS + readbacks), with the convolutions' FLOPs counted from their
 * shapes, so achieved GFLOP/s sits beside this machine's limits: a matmul on the same backend (what XNNPACK
 * reaches here) and the fp32 peak of the CPU computed from its clock.
 * Each figure runs in its own process (the thread count is fixed when wasm starts; RSS is per figure).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { buildTagGan } from '../model/buildTagGan';
import { REFERENCE_ARCH, type ModelArch } from '../model/modelConfig';
import { initBackend } from '../tf/backends';
import { THREADS_ENV } from '../tf/wasmThreads';
import { DEFAULT_CONFIG, DEFAULT_LOSS, QUICK_CONFIG } from '../train/trainConfig';
import { createOptimizers, disposeOptimizers, trainStep } from '../train/trainStep';
import { kernelFlops } from './convFlops';

export type TrainPreset = 'quick' | 'default' | 'reference';

export interface TrainBenchCase { preset: TrainPreset; size: number; threads: number }

export interface TrainBenchRow extends TrainBenchCase {
  batch: number;
  backend: string;
  /** Median ms per step, null when skipped. */
  stepMs: number | null;
  steps: number;
  /** CPU time (user + system, all threads) per step: less sensitive than wall time to other load. */
  cpuMsPerStep: number | null;
  imagesPerSec: number | null;
  gflopPerStep: number | null;
  gflops: number | null;
  /** Kernel time of the profiled step and the rest (dispatch, JS, readbacks). */
  kernelMs: number | null;
  otherMs: number | null;
  top: { kernel: string; ms: number; calls: number; gflop: number }[];
  peakRssMB: number | null;
  skipped?: string;
}

function archOf(preset: TrainPreset, size: number): { arch: ModelArch; batch: number } {
  if (preset === 'quick') return { arch: { ...QUICK_CONFIG.arch, size }, batch: QUICK_CONFIG.batch };
  if (preset === 'default') return { arch: { ...DEFAULT_CONFIG.arch, size }, batch: DEFAULT_CONFIG.batch };
  return { arch: { ...REFERENCE_ARCH, size }, batch: 1 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One figure, in this process (the `train-one` child). */
export async function trainBenchOne(c: TrainBenchCase): Promise<TrainBenchRow> {
  const report = await initBackend(process.env.TAGGAN_BACKEND || 'wasm');
  const { arch, batch } = archOf(c.preset, c.size);
  const nets = buildTagGan(arch, 1);
  const opt = createOptimizers(nets, 2e-4, 0.5);
  const n = batch * c.size * c.size;
  const rnd = (seed: number): Float32Array => {
    const a = new Float32Array(n);
    let s = seed;
    for (let i = 0; i < n; i++) a[i] = ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    return a;
  };
  const dataA = rnd(1);
  const dataN = rnd(2);
  const step = async (): Promise<void> => {
    const xA = tf.tensor4d(dataA, [batch, c.size, c.size, 1]);
    const xN = tf.tensor4d(dataN, [batch, c.size, c.size, 1]);
    try {
      await trainStep(nets, opt, DEFAULT_LOSS, xA, xN);
    } finally {
      tf.dispose([xA, xN]);
    }
  };
  try {
    await step(); // warm-up: Adam slots, kernel set-up
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    while (times.length < 3 || (performance.now() - t0 < 8000 && times.length < 12)) {
      const t = performance.now();
      await step();
      times.push(performance.now() - t);
      if (performance.now() - t0 > 60_000) break;
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuMsPerStep = (cpu.user + cpu.system) / 1000 / times.length;
    const stepMs = median(times);
    const tp = performance.now();
    const prof = await tf.profile(step);
    const profWall = performance.now() - tp;
    const byKernel = new Map<string, { ms: number; calls: number; flops: number }>();
    let kernelMs = 0;
    let flops = 0;
    for (const k of prof.kernels) {
      const t = await k.kernelTimeMs;
      const ms = typeof t === 'number' ? t : 0;
      const f = kernelFlops(k);
      kernelMs += ms;
      flops += f;
      const e = byKernel.get(k.name) ?? { ms: 0, calls: 0, flops: 0 };
      e.ms += ms;
      e.calls += 1;
      e.flops += f;
      byKernel.set(k.name, e);
    }
    const top = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)
      .map(([kernel, e]) => ({ kernel, ms: +e.ms.toFixed(1), calls: e.calls, gflop: +(e.flops / 1e9).toFixed(3) }));
    return {
      ...c, batch, backend: `${report.chosen} [${report.detail ?? ''}]`, stepMs: +stepMs.toFixed(1), steps: times.length, cpuMsPerStep: +cpuMsPerStep.toFixed(1),
      imagesPerSec: +((2 * batch * 1000) / stepMs).toFixed(2), gflopPerStep: +(flops / 1e9).toFixed(3),
      gflops: +(flops / 1e6 / stepMs).toFixed(2), kernelMs: +kernelMs.toFixed(1), otherMs: +(profWall - kernelMs).toFixed(1), top,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    disposeOptimizers(opt);
    nets.dispose();
  }
}

/** GFLOP/s of a square fp32 matmul on the current backend: what its kernels reach on this machine. */
export async function matmulGflops(n = 1024): Promise<number> {
  await initBackend(process.env.TAGGAN_BACKEND || 'wasm');
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  try {
    const run = async (): Promise<number> => {
      const t = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      return performance.now() - t;
    };
    await run();
    const ms = median([await run(), await run(), await run(), await run(), await run()]);
    return (2 * n ** 3) / 1e6 / ms;
  } finally {
    tf.dispose([a, b]);
  }
}

/** Runs `bench.mjs train-one` (or `peak`) in a child with the thread count set; returns its last JSON line. */
function child<T>(script: string, args: string[], threads: number, timeoutMs: number): T | { error: string } {
  const r = spawnSync(process.execPath, [script, ...args], {
    env: { ...process.env, [THREADS_ENV]: String(threads), TAGGAN_BACKEND: process.env.TAGGAN_BACKEND || 'wasm' },
    encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20,
  });
  const line = r.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) {
    const why = r.error?.message ?? (r.stderr.trim().split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${r.status}`);
    return { error: why.slice(0, 200) };
  }
  return JSON.parse(line) as T;
}

export interface TrainBenchOptions {
  script: string;
  threads?: number[];
  presets?: TrainPreset[];
  sizes?: number[];
  /** Skip a figure whose step is estimated (from the smaller size, x4 per doubling) above this. */
  maxStepMs?: number;
  log?: (l: string) => void;
}

export interface TrainBenchResult {
  rows: TrainBenchRow[];
  peak: { threads: number; matmulGflops: number | null }[];
  cpu: { model: string; mhz: number; cores: number; fp32PeakGflops: number; wasmSimdPeakGflops: number };
}

/**
 * fp32 FLOPs per cycle per core: AVX-512 with two FMA pipes (Zen 4/5, recent Xeons) 64, AVX2 + FMA 32;
 * wasm SIMD is 128-bit without FMA: 4 lanes, a multiply and an add pipe pair each, 16.
 */
function cpuLimits(): TrainBenchResult['cpu'] {
  const c = cpus();
  const mhz = c[0]?.speed ?? 0;
  let flags = '';
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8');
  } catch { /* not Linux */ }
  const perCycle = /avx512f/.test(flags) ? 64 : /\bfma\b/.test(flags) ? 32 : 16;
  return {
    model: c[0]?.model ?? 'cpu', mhz, cores: c.length,
    fp32PeakGflops: +((perCycle * mhz * c.length) / 1000).toFixed(1),
    wasmSimdPeakGflops: +((16 * mhz * c.length) / 1000).toFixed(1),
  };
}

export async function runTrainBench(o: TrainBenchOptions): Promise<TrainBenchResult> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const threadsList = o.threads ?? [1, Math.max(2, Math.min(8, cpus().length))];
  const presets = o.presets ?? ['quick', 'default', 'reference'];
  const sizes = o.sizes ?? [64, 128, 256];
  const maxStepMs = o.maxStepMs ?? 45_000;
  const rows: TrainBenchRow[] = [];
  const peak: TrainBenchResult['peak'] = [];
  for (const threads of threadsList) {
    const p = child<{ gflops: number }>(o.script, ['train-peak'], threads, 120_000);
    peak.push({ threads, matmulGflops: 'error' in p ? null : +p.gflops.toFixed(1) });
    log(JSON.stringify({ bench: 'train-peak', threads, ...p }));
    for (const preset of presets) {
      let prev: { size: number; ms: number } | undefined;
      let stop = '';
      for (const size of sizes) {
        const c: TrainBenchCase = { preset, size, threads };
        const { batch } = archOf(preset, size);
        const blank: TrainBenchRow = { ...c, batch, backend: 'wasm', stepMs: null, steps: 0, cpuMsPerStep: null, imagesPerSec: null, gflopPerStep: null, gflops: null, kernelMs: null, otherMs: null, top: [], peakRssMB: null };
        const estimate = prev ? prev.ms * (size / prev.size) ** 2 : 0;
        let row: TrainBenchRow;
        if (stop) row = { ...blank, skipped: stop };
        else if (estimate > maxStepMs) row = { ...blank, skipped: `estimated ${(estimate / 1000).toFixed(0)} s per step > ${(maxStepMs / 1000).toFixed(0)} s` };
        else {
          const r = child<TrainBenchRow>(o.script, ['train-one', JSON.stringify(c)], threads, Math.max(300_000, estimate * 30));
          if ('error' in r) {
            row = { ...blank, skipped: `failed: ${r.error}` };
            stop = `not run: ${size} px failed`;
          } else row = r;
        }
        if (row.stepMs !== null) prev = { size, ms: row.stepMs };
        rows.push(row);
        log(JSON.stringify({ bench: 'train', ...row }));
      }
    }
  }
  return { rows, peak, cpu: cpuLimits() };
}

/** The README-style table of a result. */
export function trainBenchTable(r: TrainBenchResult): string[] {
  const out = [
    `CPU: ${r.cpu.cores} x ${r.cpu.model} at ${r.cpu.mhz} MHz; fp32 peak ${r.cpu.fp32PeakGflops} GFLOP/s native (AVX-512 FMA), ${r.cpu.wasmSimdPeakGflops} GFLOP/s for 128-bit wasm SIMD (no FMA); `
      + `wasm matmul 1024^3 reaches ${r.peak.map((p) => `${p.matmulGflops ?? '?'} GFLOP/s with ${p.threads} thread${p.threads > 1 ? 's' : ''}`).join(', ')}`,
    '',
    '| preset | size | batch | threads | ms/step | images/s | GFLOP/step | GFLOP/s | kernel ms / other ms | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const x of r.rows) {
    if (x.stepMs === null) out.push(`| ${x.preset} | ${x.size} | ${x.batch} | ${x.threads} | ${x.skipped} | | | | | |`);
    else out.push(`| ${x.preset} | ${x.size} | ${x.batch} | ${x.threads} | ${x.stepMs} | ${x.imagesPerSec} | ${x.gflopPerStep} | ${x.gflops} | ${x.kernelMs} / ${x.otherMs} | ${x.peakRssMB} |`);
  }
  return out;
}
