/**
 * YBR_FULL -> RGB (PS3.3 C.7.6.3.1.2, ITU-R BT.601 full range), in place on pixel-interleaved samples.
 * `maxValue` is the largest sample value (255 for 8-bit); results are rounded and clamped to [0, maxValue].
 */
export function ybrToRgb(samples: Int32Array, maxValue = 255): Int32Array {
  if (samples.length % 3 !== 0) throw new RangeError(`ybrToRgb: ${samples.length} samples is not a multiple of 3`);
  const half = (maxValue + 1) / 2;
  // Coefficients as in PS3.3 (Cb/Cr offsets of half the range).
  const gCb = (-0.114 * 1.772) / 0.587;
  const gCr = (-0.299 * 1.402) / 0.587;
  for (let i = 0; i < samples.length; i += 3) {
    const y = samples[i]!;
    const cb = samples[i + 1]! - half;
    const cr = samples[i + 2]! - half;
    const r = Math.floor(y + 1.402 * cr + 0.5);
    const g = Math.floor(y + gCb * cb + gCr * cr + 0.5);
    const b = Math.floor(y + 1.772 * cb + 0.5);
    samples[i] = r < 0 ? 0 : r > maxValue ? maxValue : r;
    samples[i + 1] = g < 0 ? 0 : g > maxValue ? maxValue : g;
    samples[i + 2] = b < 0 ? 0 : b > maxValue ? maxValue : b;
  }
  return samples;
}
