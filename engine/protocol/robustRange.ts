/**
 * Robust intensity range: the `lo` and `hi` quantiles (e.g. 0.005 / 0.995) of `values`, from a
 * 4096-bin histogram over the exact min..max (error under 1/4096 of the range). Non-finite values
 * are ignored. Returns {min, max} with max > min whenever the data are not constant.
 */
export function robustRange(values: ArrayLike<number>, lo = 0.005, hi = 0.995): { min: number; max: number } {
  if (!(lo >= 0 && hi <= 1 && lo < hi)) throw new RangeError(`robustRange: need 0 <= lo < hi <= 1, got ${lo}, ${hi}`);
  let mn = Infinity;
  let mx = -Infinity;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    count++;
  }
  if (count === 0) return { min: 0, max: 1 };
  if (mx === mn) return { min: mn, max: mx };
  const bins = 4096;
  const hist = new Float64Array(bins);
  const k = (bins - 1) / (mx - mn);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) hist[Math.floor((v - mn) * k)]!++;
  }
  const at = (q: number): number => {
    const target = q * count;
    let acc = 0;
    for (let b = 0; b < bins; b++) {
      acc += hist[b]!;
      if (acc >= target) return mn + b / k;
    }
    return mx;
  };
  const a = lo === 0 ? mn : at(lo);
  let b = hi === 1 ? mx : at(hi) + 1 / k;
  if (b > mx) b = mx;
  return b > a ? { min: a, max: b } : { min: mn, max: mx };
}
