/**
 * Mask tool benchmark: times each step on a synthetic disease map (noise plus a few soft plateau lesions)
 * and prints one JSON line per step: {bench, step, width, height, runs, medianMs, minMs}.
 * Run through `npm run bench -- mask` (engine/src/bench.ts).
 */
import { connectedRegions } from '../../mask/connectedRegions';
import { dilate } from '../../mask/dilate';
import { erode } from '../../mask/erode';
import { fillHoles } from '../../mask/fillHoles';
import { otsuThreshold } from '../../mask/otsuThreshold';
import { proposeMask } from '../../mask/proposeMask';
import { tbvaThreshold } from '../../mask/tbvaThreshold';
import { thresholdMask } from '../../mask/thresholdMask';

export interface MaskBenchLine {
  bench: 'mask';
  step: string;
  width: number;
  height: number;
  runs: number;
  medianMs: number;
  minMs: number;
}

/** A deterministic width x height disease map: uniform noise in [-0.02, 0.02] plus five plateau lesions. */
export function benchMap(width: number, height: number): Float32Array {
  const map = new Float32Array(width * height);
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const lesions = Array.from({ length: 5 }, (_, k) => ({
    x: width * (0.2 + 0.15 * k),
    y: height * (0.3 + 0.1 * (k % 3)),
    r: Math.min(width, height) * (0.03 + 0.01 * k),
    a: 0.15 + 0.04 * k,
  }));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let v = (rand() - 0.5) * 0.04;
      for (const l of lesions) {
        const d = Math.hypot(x - l.x, y - l.y);
        if (d < l.r + 4) v += l.a * Math.min(1, (l.r + 4 - d) / 8);
      }
      map[y * width + x] = v;
    }
  return map;
}

function time(runs: number, fn: () => unknown): { medianMs: number; minMs: number } {
  fn(); // warm-up (JIT)
  const ts: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { medianMs: +ts[ts.length >> 1].toFixed(2), minMs: +ts[0].toFixed(2) };
}

/** Runs every step `runs` times on a size x size map; returns the lines (also printed when `print`). */
export function runMaskBench(size = 2048, runs = 15, print = true): MaskBenchLine[] {
  const w = size;
  const h = size;
  const map = benchMap(w, h);
  const mask = thresholdMask(map, 0.1);
  const steps: [string, () => unknown][] = [
    ['thresholdMask', () => thresholdMask(map, 0.1)],
    ['otsuThreshold', () => otsuThreshold(map)],
    ['tbvaThreshold', () => tbvaThreshold(map, { floor: 0.05 })],
    ['connectedRegions(+map scores)', () => connectedRegions(mask, w, h, map)],
    ['erode 2x2', () => erode(mask, w, h, 2, 2)],
    ['dilate 5x5', () => dilate(mask, w, h, 5, 5)],
    ['fillHoles', () => fillHoles(mask, w, h)],
    ['threshold+regions (manual slider)', () => proposeMask(map, w, h, { threshold: 0.1, fillHoles: false })],
    ['proposeMask manual (with fillHoles)', () => proposeMask(map, w, h, { threshold: 0.1 })],
    ['proposeMask otsu', () => proposeMask(map, w, h, { threshold: 'otsu' })],
    ['proposeMask auto (TBVA)', () => proposeMask(map, w, h, { threshold: 'auto' })],
  ];
  const out: MaskBenchLine[] = [];
  for (const [step, fn] of steps) {
    const line: MaskBenchLine = { bench: 'mask', step, width: w, height: h, runs, ...time(runs, fn) };
    out.push(line);
    if (print) process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return out;
}
