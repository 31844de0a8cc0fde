/**
 * Threshold calibration from image-level labels: the model's disease maps on images labelled normal say how
 * large its map values get where there is nothing to find. The automatic threshold's floor is then set to a
 * high quantile of those values (default 99.5%), so a normal image flags about 0.5% of its pixels or less,
 * whatever the model's noise level. Stored beside the weights as calibration.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, throwIfCancelled } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import type { TagGanModel } from '../model/loadModel';
import { DEFAULT_MIN_THRESHOLD } from '../mask/proposeMask';
import { positiveMap } from './positiveMap';

export const CALIBRATION_FILE = 'calibration.json';

export interface Calibration {
  /** Floor of the automatic thresholds, map units. */
  floor: number;
  /** Quantile of normal-image map values the floor was set to. */
  quantile: number;
  /** Normal images used. */
  normals: number;
  createdAt: string;
}

/** Value at quantile q of the values (0..1), by sorting a copy. */
function quantileOf(values: Float32Array, q: number): number {
  const s = Float32Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] ?? 0;
}

export async function calibrateOnNormals(
  model: TagGanModel,
  normalPaths: string[],
  opts: { quantile?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Calibration> {
  const q = opts.quantile ?? 0.995;
  if (!(q > 0.5 && q < 1)) throw new RangeError(`calibration quantile must be in (0.5, 1), got ${q}`);
  if (normalPaths.length === 0) throw new EngineError('BAD_DATASET', 'calibration needs images labelled normal');
  const S = model.size;
  const all = new Float32Array(normalPaths.length * S * S);
  for (let i = 0; i < normalPaths.length; i++) {
    throwIfCancelled(opts.signal);
    opts.onProgress?.(i, normalPaths.length);
    const small = resizeGray(await loadGrayImage(normalPaths[i]!), S, S);
    all.set(positiveMap((await model.predict(small)).signedMap), i * S * S);
  }
  opts.onProgress?.(normalPaths.length, normalPaths.length);
  return { floor: Math.max(DEFAULT_MIN_THRESHOLD, quantileOf(all, q)), quantile: q, normals: normalPaths.length, createdAt: new Date().toISOString() };
}

export function writeCalibration(modelDir: string, c: Calibration): void {
  writeFileSync(join(modelDir, CALIBRATION_FILE), `${JSON.stringify(c, null, 1)}\n`);
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
  return c;
}
