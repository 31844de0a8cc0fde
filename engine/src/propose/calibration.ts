/**
 * Threshold calibration from image-level labels: the model's disease maps on images labelled normal say how
 * large its map values get where there is nothing to find.
 *  1. A per-pixel normal baseline (normalBaseline.ts, default 95% per position, 3x3 box): what the model shows
 *     at each place on normals; proposals threshold the excess over it, max(0, map - baseline).
 *  2. The automatic threshold's floor: a high quantile (default 99.5%) of that excess on normal images, so a
 *     normal image flags about 0.5% of its pixels or less, whatever the model's noise level. The excess is
 *     measured out of fold (baseline from one half of the normals, excess on the other, both ways round), so
 *     the floor is not set on the very images the baseline was fitted to.
 * With the lung-field prior (propose/lungPrior.ts; on by default when models/lungs is installed), every normal
 * map is restricted to that image's lung fields grown by the margin before (1) and (2), exactly as proposals
 * restrict theirs; calibration.json records the prior (`lungPrior`, null without one).
 * Stored beside the weights as calibration.json (+ baseline.f32: size*size float32, little-endian).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, throwIfCancelled } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import { loadModel, type TagGanModel } from '../model/loadModel';
import { DEFAULT_MIN_THRESHOLD } from '../../mask/proposeMask';
import { applyLungPrior, lungPriorRecord, openLungPrior, type LungPrior, type LungPriorRecord } from './lungPrior';
import { excessOverBaseline, normalBaseline } from './normalBaseline';
import { positiveMap } from './positiveMap';

export const CALIBRATION_FILE = 'calibration.json';
export const BASELINE_FILE = 'baseline.f32';
/** Per-pixel quantile of the normal maps that makes the baseline. */
export const DEFAULT_BASELINE_QUANTILE = 0.95;

export interface Calibration {
  /** Floor of the automatic thresholds, map units. */
  floor: number;
  /** Quantile of normal-image map values the floor was set to. */
  quantile: number;
  /** Normal images used. */
  normals: number;
  createdAt: string;
  /** The per-pixel normal baseline, when there were at least two normal images. */
  baseline?: { file: string; size: number; quantile: number; radius: number };
  /** The baseline's values (size*size), in memory only (written to / read from `baseline.file`). */
  baselineMap?: Float32Array;
  /** The lung-field prior the normal maps were restricted with (null: none; absent in older calibrations = none). */
  lungPrior?: LungPriorRecord | null;
}

/** Value at quantile q of the values (0..1), by sorting a copy. */
function quantileOf(values: Float32Array, q: number): number {
  const s = Float32Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] ?? 0;
}

/** The stack's maps at the given indices, one after another. */
function pick(stack: Float32Array, pixels: number, idx: number[]): Float32Array {
  const out = new Float32Array(idx.length * pixels);
  idx.forEach((k, i) => out.set(stack.subarray(k * pixels, (k + 1) * pixels), i * pixels));
  return out;
}

/** Excess over a baseline fitted on the other half, for every map (2-fold, even/odd indices). */
function outOfFoldExcess(stack: Float32Array, n: number, size: number, bq: number, radius: number): Float32Array {
  const pixels = size * size;
  const even = [...Array(n).keys()].filter((i) => i % 2 === 0);
  const odd = [...Array(n).keys()].filter((i) => i % 2 === 1);
  const out = new Float32Array(n * pixels);
  for (const [fit, apply] of [[even, odd], [odd, even]] as const) {
    const base = normalBaseline(pick(stack, pixels, fit), fit.length, size, bq, radius);
    for (const k of apply) out.set(excessOverBaseline(stack.subarray(k * pixels, (k + 1) * pixels), base), k * pixels);
  }
  return out;
}

export interface CalibrateOptions {
  quantile?: number;
  /** Per-pixel quantile of the baseline; null: no baseline (floor only). */
  baselineQuantile?: number | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Restrict the normal maps to the lung fields as proposals will (null/absent: no prior). */
  lungPrior?: LungPrior | null;
}

export async function calibrateOnNormals(model: TagGanModel, normalPaths: string[], opts: CalibrateOptions = {}): Promise<Calibration> {
  const q = opts.quantile ?? 0.995;
  if (!(q > 0.5 && q < 1)) throw new RangeError(`calibration quantile must be in (0.5, 1), got ${q}`);
  const bq = opts.baselineQuantile === undefined ? DEFAULT_BASELINE_QUANTILE : opts.baselineQuantile;
  if (bq !== null && !(bq > 0.5 && bq <= 1)) throw new RangeError(`baseline quantile must be in (0.5, 1], got ${bq}`);
  if (normalPaths.length === 0) throw new EngineError('BAD_DATASET', 'calibration needs images labelled normal');
  const S = model.size;
  const all = new Float32Array(normalPaths.length * S * S);
  for (let i = 0; i < normalPaths.length; i++) {
    throwIfCancelled(opts.signal);
    opts.onProgress?.(i, normalPaths.length);
    const gray = await loadGrayImage(normalPaths[i]!);
    const small = resizeGray(gray, S, S);
    const map = positiveMap((await model.predict(small)).signedMap);
    all.set(opts.lungPrior ? await applyLungPrior(opts.lungPrior, gray, map, S) : map, i * S * S);
  }
  opts.onProgress?.(normalPaths.length, normalPaths.length);
  const n = normalPaths.length;
  const createdAt = new Date().toISOString();
  const lungPrior = lungPriorRecord(opts.lungPrior);
  if (bq === null || n < 2) return { floor: Math.max(DEFAULT_MIN_THRESHOLD, quantileOf(all, q)), quantile: q, normals: n, createdAt, lungPrior };
  const radius = 1;
  const excess = outOfFoldExcess(all, n, S, bq, radius);
  return {
    floor: Math.max(DEFAULT_MIN_THRESHOLD, quantileOf(excess, q)), quantile: q, normals: n, createdAt,
    baseline: { file: BASELINE_FILE, size: S, quantile: bq, radius },
    baselineMap: normalBaseline(all, n, S, bq, radius), lungPrior,
  };
}

export interface CalibrateDirOptions extends Omit<CalibrateOptions, 'lungPrior'> {
  /** The lung model folder (default: models/lungs when installed); null: no lung prior. */
  lungModel?: string | null;
  /** Margin around the lung fields, a fraction of the image's side (default DEFAULT_LUNG_MARGIN). */
  lungMargin?: number;
}

/**
 * Loads the model in `modelDir`, calibrates it on the normal images (with the lung prior unless `lungModel`
 * is null) and writes the result beside its weights.
 */
export async function calibrateModelDir(modelDir: string, normalPaths: string[], opts: CalibrateDirOptions = {}): Promise<Calibration> {
  const { lungModel, lungMargin, ...rest } = opts;
  const model = loadModel(modelDir);
  let prior: LungPrior | null = null;
  try {
    prior = lungModel === null ? null : openLungPrior(lungModel, lungMargin);
    const c = await calibrateOnNormals(model, normalPaths, { ...rest, lungPrior: prior });
    writeCalibration(modelDir, c);
    return c;
  } finally {
    prior?.model.dispose();
    model.dispose();
  }
}

export function writeCalibration(modelDir: string, c: Calibration): void {
  const { baselineMap, ...json } = c;
  if (c.baseline) {
    if (!baselineMap || baselineMap.length !== c.baseline.size ** 2) throw new RangeError('writeCalibration: the baseline values are missing or of the wrong size');
    writeFileSync(join(modelDir, c.baseline.file), Buffer.from(baselineMap.buffer, baselineMap.byteOffset, baselineMap.byteLength));
  } else {
    rmSync(join(modelDir, BASELINE_FILE), { force: true });
  }
  writeFileSync(join(modelDir, CALIBRATION_FILE), `${JSON.stringify(json, null, 1)}\n`);
}

/** The model folder's calibration, if it has one (a malformed file is an error naming it). */
export function readCalibration(modelDir: string): Calibration | undefined {
  const file = join(modelDir, CALIBRATION_FILE);
  if (!existsSync(file)) return undefined;
  let c: Calibration;
  try {
    c = JSON.parse(readFileSync(file, 'utf8')) as Calibration;
  } catch (e) {
    throw new EngineError('MODEL', `calibration is not valid JSON (${(e as Error).message})`, file);
  }
  if (!(typeof c.floor === 'number' && Number.isFinite(c.floor) && c.floor >= 0)) throw new EngineError('MODEL', 'calibration has no valid floor', file);
  if (c.baseline !== undefined) {
    const b = c.baseline;
    if (!(b && typeof b.file === 'string' && /^[\w.-]+$/.test(b.file) && Number.isInteger(b.size) && b.size > 0)) throw new EngineError('MODEL', 'calibration has a malformed baseline entry', file);
    const bin = join(modelDir, b.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(bin);
    } catch (e) {
      throw new EngineError('MODEL', `cannot read the normal baseline (${(e as Error).message})`, bin);
    }
    if (bytes.length !== b.size * b.size * 4) throw new EngineError('MODEL', `normal baseline has ${bytes.length} bytes, expected ${b.size * b.size * 4} (${b.size}x${b.size} float32)`, bin);
    const values = new Float32Array(b.size * b.size);
    new Uint8Array(values.buffer).set(bytes);
    if (!values.every((v) => Number.isFinite(v) && v >= 0)) throw new EngineError('MODEL', 'normal baseline holds negative or non-finite values', bin);
    c.baselineMap = values;
  }
  return c;
}
