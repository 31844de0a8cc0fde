/** Options of `tbvaThreshold`. */
export interface TbvaThresholdOptions {
  /** Pixels that count (the CAM region, e.g. from `camRegion`); all pixels when absent. */
  region?: Uint8Array;
  /** Share of the peak value; TBVA-GAN uses 0.97. */
  fraction?: number;
  /** Noise floor in map units: only values above it enter the histogram, and the result is never below it. */
  floor?: number;
  /** Histogram bins between the floor and the largest value (default 64). */
  bins?: number;
}

export interface TbvaThresholdResult {
  /** fraction * peak, at least `floor`; NaN when no value in the region exceeds the floor (nothing to flag). */
  threshold: number;
  /** The histogram-peak value (mean of the values in the modal bin); NaN when there is none. */
  peak: number;
  /** How many values entered the histogram. */
  count: number;
}

/**
 * TBVA-GAN's automatic threshold: `fraction` (97%) of the histogram-peak value of the disease map inside
 * the classifier's CAM region.
 *
 * How "histogram-peak value" is read here: the histogram is built from the map values inside the region
 * that exceed the noise floor (disease shows as positive change; values at or below the floor are the
 * unchanged background and would otherwise swamp the histogram with a spike at zero), with `bins` equal
 * bins from the floor to the largest such value, smoothed by a 3-bin moving average so one noisy bin does
 * not decide; the peak value is the mean of the values in the fullest smoothed bin (the mode). The threshold is
 * max(floor, fraction * peak).
 * - A lesion that the generator removes with a fairly even amplitude (a plateau, what a consolidation
 *   gives) has its plateau as the mode: the threshold sits just under the plateau and keeps the lesion's
 *   body; the 5x5 dilation that follows in TBVA-GAN restores its soft rim.
 * - A map whose positive values fall off smoothly from a centre (a Gaussian bump) has its mode at the
 *   low end: the threshold falls to the floor and the mask is the bump's support above the noise.
 * - Reading the peak as the maximum instead would keep only the top 3% of the strongest lesion (a few
 *   pixels); reading it as the mode of all values (floor 0) would put it in the noise around zero and
 *   flag half the region. Both are rejected for that reason.
 * @param map Float32Array disease map (image - healthy counterpart), any length
 */
export function tbvaThreshold(map: Float32Array, opts: TbvaThresholdOptions = {}): TbvaThresholdResult {
  const fraction = opts.fraction ?? 0.97;
  const floor = opts.floor ?? 0;
  const bins = opts.bins ?? 64;
  const region = opts.region;
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`tbvaThreshold: fraction must be in (0, 1], got ${fraction}`);
  if (!Number.isFinite(floor) || floor < 0) throw new RangeError(`tbvaThreshold: bad floor ${floor}`);
  if (!Number.isInteger(bins) || bins < 3) throw new RangeError(`tbvaThreshold: bad bin count ${bins}`);
  if (region && region.length !== map.length) {
    throw new RangeError(`tbvaThreshold: region length ${region.length} != map length ${map.length}`);
  }
  const n = map.length;
  let hi = -Infinity;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (region && !region[i]) continue;
    const v = map[i];
    if (v > floor) {
      count++;
      if (v > hi) hi = v;
    }
  }
  if (count === 0 || !Number.isFinite(hi)) return { threshold: NaN, peak: NaN, count: 0 };
  if (hi - floor < 1e-12) return { threshold: Math.max(floor, fraction * hi), peak: hi, count };
  const hist = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const scale = bins / (hi - floor);
  for (let i = 0; i < n; i++) {
    if (region && !region[i]) continue;
    const v = map[i];
    if (v > floor && v <= hi) {
      let b = ((v - floor) * scale) | 0;
      if (b >= bins) b = bins - 1;
      hist[b]++;
      sums[b] += v;
    }
  }
  let best = -1;
  let bestBin = 0;
  for (let b = 0; b < bins; b++) {
    // 3-bin moving average; the end bins average over the two or one neighbours they have
    const l = b > 0 ? hist[b - 1] : 0;
    const r = b + 1 < bins ? hist[b + 1] : 0;
    const k = 1 + (b > 0 ? 1 : 0) + (b + 1 < bins ? 1 : 0);
    const s = (l + hist[b] + r) / k;
    if (s > best) {
      best = s;
      bestBin = b;
    }
  }
  const peak = hist[bestBin] > 0 ? sums[bestBin] / hist[bestBin] : floor + (bestBin + 0.5) / scale;
  return { threshold: Math.max(floor, fraction * peak), peak, count };
}
