/** Options of `otsuThreshold`. */
export interface OtsuOptions {
  /** Histogram bins between the smallest and largest value counted (default 256). */
  bins?: number;
  /** Only values strictly above this count (default: all finite values); e.g. 0 for the positive part of a map. */
  above?: number;
}

/**
 * Otsu's threshold: the value that maximises the between-class variance of a histogram of `values`
 * (restricted to pixels where `mask` is non-zero, when given, and to values above `opts.above`), with equal
 * bins between their min (or `above`, when given) and their max. NaN and infinite values are ignored.
 * Meant for `thresholdMask(values, t)` (strictly greater = foreground): the result is the upper edge of
 * the last background bin.
 * Returns NaN when no value counts; the single value when all are equal (nothing lies above it).
 * @param values Float32Array (a map), any length
 * @param mask optional Uint8Array of values.length: which pixels count
 */
export function otsuThreshold(values: Float32Array, mask?: Uint8Array, opts: OtsuOptions = {}): number {
  const bins = opts.bins ?? 256;
  const above = opts.above ?? -Infinity;
  if (mask && mask.length !== values.length) {
    throw new RangeError(`otsuThreshold: mask length ${mask.length} != values length ${values.length}`);
  }
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`otsuThreshold: bad bin count ${bins}`);
  if (Number.isNaN(above)) throw new RangeError('otsuThreshold: bad lower bound NaN');
  const n = values.length;
  // Pass 1: the range. With a finite `above` the histogram starts there (values at or below it are dropped),
  // which avoids a data-dependent branch per pixel (noise around 0 makes `v > above` a coin flip).
  let lo = Number.isFinite(above) ? above : Infinity;
  let hi = -Infinity;
  let any = false;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const v = values[i];
    if (v === Infinity || v === -Infinity) continue;
    hi = Math.max(hi, v); // NaN-safe below: Math.max(x, NaN) = NaN is caught after the loop
    if (!Number.isFinite(above)) lo = Math.min(lo, v);
    any = true;
  }
  if (Number.isNaN(hi) || Number.isNaN(lo)) return otsuThreshold(withoutNaN(values, mask), undefined, opts);
  if (!any || !(hi > above)) return NaN;
  if (hi === lo) return lo;
  // Pass 2: bins 1..bins; index 0 collects what does not count (v <= above, or masked out)
  const hist = new Int32Array(bins + 1);
  const scale = bins / (hi - lo);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const b = Math.min(bins, Math.max(0, (v - lo) * scale + 1)) | 0; // below lo -> 0 (dropped)
    if ((mask && !mask[i]) || v === Infinity) continue;
    if (v === lo && lo === above) continue; // exactly at the bound does not count (strictly above)
    hist[b]++;
  }
  hist[0] = 0;
  const h = hist.subarray(1);
  let total = 0;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) {
    total += h[b];
    sumAll += b * h[b];
  }
  if (total === 0) return NaN;
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestBin = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += h[b];
    sum0 += b * h[b];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = sum0 / w0;
    const m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      bestBin = b;
    }
  }
  return lo + (bestBin + 1) / scale;
}

/** The values that are not NaN (and not masked out), for the rare map with NaN in it. */
function withoutNaN(values: Float32Array, mask?: Uint8Array): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if ((!mask || mask[i]) && !Number.isNaN(values[i])) out.push(values[i]);
  return Float32Array.from(out);
}
