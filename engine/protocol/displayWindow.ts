/**
 * The one display-window rule: how a grayscale image's values become display intensity before anyone
 * adjusts them. The viewer's initial window (renderer/src/lib/viewer/buildCornerstoneImage.ts) and the model's
 * input (engine/src/dicom/voi/applyVoi.ts for DICOM, engine/src/image/loadImage.ts for PNG/JPEG) both follow
 * it, so the model sees what the reader first sees:
 *   1. the file's first VOI window (DICOM);
 *   2. else its first VOI LUT (DICOM);
 *   3. else, for PNG and JPEG, the full range of the bit depth, 0 .. 2^bits - 1;
 *   4. else (a DICOM without VOI) the robust range: the 0.5% and 99.5% quantiles of the modality values
 *      (robustRange), so a few extreme pixels (burnt-in text, collimator edges) do not flatten the image.
 * Pure; no Node, DOM or Electron.
 */
import type { ImageFileFormat } from './image';

/** Quantiles of the robust range (step 4). */
export const ROBUST_RANGE_QUANTILES: readonly [number, number] = [0.005, 0.995];

export type DisplayWindowChoice =
  | { kind: 'window'; index: 0 }
  | { kind: 'lut' }
  | { kind: 'bit-depth'; min: 0; max: number }
  | { kind: 'robust-range'; quantiles: readonly [number, number] };

export interface DisplayWindowInput {
  format: ImageFileFormat;
  /** How many VOI windows the file has. */
  windows: number;
  /** Whether it has a VOI LUT. */
  voiLut: boolean;
  /** Bits per sample (PNG/JPEG). */
  bits: number;
}

export function displayWindowRule(img: DisplayWindowInput): DisplayWindowChoice {
  if (img.windows > 0) return { kind: 'window', index: 0 };
  if (img.voiLut) return { kind: 'lut' };
  if (img.format !== 'dicom') return { kind: 'bit-depth', min: 0, max: 2 ** img.bits - 1 };
  return { kind: 'robust-range', quantiles: ROBUST_RANGE_QUANTILES };
}
