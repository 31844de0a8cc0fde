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
  // Pass 1: the range (branch-free min/max). With a finite `above` the histogram starts there and values at
  // or below it fall into a discard slot, which avoids a data-dependent branch per pixel (noise around 0
  // makes `v > above` a coin flip).
  const [min, hi] = rangeOf(values, mask);
  if (Number.isNaN(hi) || Number.isNaN(min) || hi === Infinity || min === -Infinity) {
    const finite = finiteValues(values, mask);
    return otsuThreshold(finite, undefined, opts);
  }
  const lo = Number.isFinite(above) ? above : min;
  if (!(hi > lo) && !(hi === lo && !Number.isFinite(above))) return NaN; // nothing above the bound, or no value
  if (hi === lo) return lo;
  // Pass 2: bins 1..bins; index 0 collects what does not count (v <= above, or masked out)
  const scale = bins / (hi - lo);
  const hist = histogramOf(values, mask, lo, scale, bins);
  hist[0] = 0;
  if (Number.isFinite(above)) hist[1] -= countEqual(values, mask, above); // exactly at the bound does not count
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

/** [min, max] of the counted values (NaN or infinite when such values are present; +-Infinity when none). */
function rangeOf(values: Float32Array, mask: Uint8Array | undefined): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  if (!mask) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  } else {
    for (let i = 0; i < values.length; i++) {
      if (!mask[i]) continue;
      const v = values[i];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return [lo, hi];
}

/** Histogram with bins+1 slots: slot 0 takes values below lo and masked-out pixels, slots 1..bins the rest. */
function histogramOf(values: Float32Array, mask: Uint8Array | undefined, lo: number, scale: number, bins: number): Int32Array {
  const hist = new Int32Array(bins + 1);
  if (!mask) {
    for (let i = 0; i < values.length; i++) hist[Math.min(bins, Math.max(0, (values[i] - lo) * scale + 1)) | 0]++;
  } else {
    for (let i = 0; i < values.length; i++) {
      if (mask[i]) hist[Math.min(bins, Math.max(0, (values[i] - lo) * scale + 1)) | 0]++;
    }
  }
  return hist;
}

/** How many counted values equal x exactly. */
function countEqual(values: Float32Array, mask: Uint8Array | undefined, x: number): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === x && (!mask || mask[i])) c++;
  return c;
}

/** The finite values (not NaN or infinite, not masked out), for the rare map holding others. */
function finiteValues(values: Float32Array, mask?: Uint8Array): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if ((!mask || mask[i]) && Number.isFinite(values[i])) out.push(values[i]);
  return Float32Array.from(out);
}
