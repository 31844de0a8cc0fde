/**
 * Quantiles of a grayscale frame in modality units (stored * slope + intercept), from an exact histogram
 * of the integer stored values (one bin per value when the range is at most 2^20, else 2^20 equal bins).
 * Returns a function q(p) for p in [0, 1]: the smallest modality value with at least p of the pixels at or below it.
 */
import type { GrayPixels } from '../../../../engine/protocol/image';
import type { Rescale } from '../../../../engine/protocol/dicom';

const MAX_BINS = 1 << 20;

export function modalityQuantiles(pixels: GrayPixels, minStored: number, maxStored: number, rescale: Rescale): (p: number) => number {
  if (pixels.length === 0) throw new RangeError('modalityQuantiles: no pixels');
  if (!(maxStored >= minStored)) throw new RangeError(`modalityQuantiles: max ${maxStored} < min ${minStored}`);
  const range = maxStored - minStored + 1;
  const bins = Math.min(range, MAX_BINS);
  const k = bins / range;
  const hist = new Float64Array(bins);
  for (let i = 0; i < pixels.length; i++) {
    const b = Math.floor((pixels[i]! - minStored) * k);
    hist[b < 0 ? 0 : b >= bins ? bins - 1 : b]!++;
  }
  const cum = new Float64Array(bins);
  let acc = 0;
  for (let b = 0; b < bins; b++) cum[b] = acc += hist[b]!;
  const toModality = (stored: number) => stored * rescale.slope + rescale.intercept;
  return (p: number) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile ${p} outside [0, 1]`);
    const target = Math.max(1, p * pixels.length);
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return toModality(minStored + lo / k);
  };
}
