import type { Rescale } from '../../../protocol/dicom';

/**
 * Modality LUT as a linear rescale: out[i] = stored[i] * slope + intercept (e.g. CT -> HU).
 * `stored`: grayscale stored values, any length. Returns a new Float32Array of the same length.
 */
export function rescale(stored: ArrayLike<number>, r: Rescale): Float32Array {
  if (!Number.isFinite(r.slope) || !Number.isFinite(r.intercept)) throw new RangeError(`rescale: slope ${r.slope} / intercept ${r.intercept} must be finite`);
  const out = new Float32Array(stored.length);
  const { slope, intercept } = r;
  for (let i = 0; i < stored.length; i++) out[i] = stored[i]! * slope + intercept;
  return out;
}
