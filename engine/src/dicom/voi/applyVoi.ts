import type { DicomInfo, VoiLut, VoiWindow } from '../../../protocol/dicom';
import { displayWindowRule, ROBUST_RANGE_QUANTILES } from '../../../protocol/displayWindow';
import { robustRange } from '../../../protocol/robustRange';
import { applyVoiLut } from './applyVoiLut';
import { applyWindow } from './applyWindow';

/** Which VOI transform was used, so callers (and the UI) can say so. */
export type VoiChoice =
  | { kind: 'window'; window: VoiWindow; from: 'file' | 'caller' }
  | { kind: 'lut'; lut: VoiLut }
  | { kind: 'range'; min: number; max: number };

export interface ApplyVoiOptions {
  /** Use this window instead of the file's. */
  window?: VoiWindow;
  /** Use the file's window preset with this index (default 0). */
  windowIndex?: number;
  /** Quantiles for the robust range used when the file has no VOI (default ROBUST_RANGE_QUANTILES, 0.005 / 0.995). */
  quantiles?: [number, number];
}

/**
 * Chooses the VOI for modality `values`: the caller's window, else the protocol's display-window rule
 * (engine/protocol/displayWindow.ts, the viewer's too): the file's window preset (`windowIndex`, default the
 * first), else its first VOI LUT, else the robust range.
 */
export function chooseVoi(values: ArrayLike<number>, info: Pick<DicomInfo, 'windows' | 'voiLuts'>, opts: ApplyVoiOptions = {}): VoiChoice {
  if (opts.window) return { kind: 'window', window: opts.window, from: 'caller' };
  const idx = opts.windowIndex ?? 0;
  if (idx < 0 || !Number.isInteger(idx)) throw new RangeError(`chooseVoi: bad window index ${idx}`);
  const rule = displayWindowRule({ format: 'dicom', windows: info.windows.length, voiLut: info.voiLuts.length > 0, bits: 0 });
  if (rule.kind === 'window') {
    if (idx >= info.windows.length) throw new RangeError(`chooseVoi: window ${idx} does not exist (${info.windows.length} presets)`);
    return { kind: 'window', window: info.windows[idx]!, from: 'file' };
  }
  if (rule.kind === 'lut') return { kind: 'lut', lut: info.voiLuts[0]! };
  const [lo, hi] = opts.quantiles ?? ROBUST_RANGE_QUANTILES;
  return { kind: 'range', ...robustRange(values, lo, hi) };
}

/**
 * Applies the VOI to modality values (after rescale), giving [0, 1] with 0 = dark in
 * MONOCHROME2 sense (MONOCHROME1 inversion is the caller's, see frameToGray). New Float32Array.
 */
export function applyVoi(
  values: ArrayLike<number>,
  info: Pick<DicomInfo, 'windows' | 'voiLuts' | 'voiLutFunction'>,
  opts: ApplyVoiOptions = {},
): { data: Float32Array; voi: VoiChoice } {
  const voi = chooseVoi(values, info, opts);
  if (voi.kind === 'window') return { data: applyWindow(values, voi.window, info.voiLutFunction), voi };
  if (voi.kind === 'lut') return { data: applyVoiLut(values, voi.lut), voi };
  const out = new Float32Array(values.length);
  const span = voi.max - voi.min;
  for (let i = 0; i < values.length; i++) {
    const v = span > 0 ? (values[i]! - voi.min) / span : 0.5;
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { data: out, voi };
}
