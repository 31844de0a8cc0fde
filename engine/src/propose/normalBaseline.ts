/**
 * A model's per-pixel normal baseline: at every position of the model's input grid, how large its disease map
 * gets on images labelled normal (a high quantile over them, lightly smoothed). Weakly trained generators
 * leave systematic responses at fixed places (dark image borders, corners, collimation edges, the heart
 * border); subtracting the baseline keeps only what exceeds the normal variation at that place.
 * Pure functions on typed arrays.
 */

/**
 * Per-pixel quantile q over n maps of `pixels` values each, stored one after another in `stack`
 * (map k at [k * pixels, (k + 1) * pixels)).
 */
export function pixelQuantiles(stack: Float32Array, n: number, pixels: number, q: number): Float32Array {
  if (!(n >= 1) || stack.length !== n * pixels) throw new RangeError(`pixelQuantiles: stack has ${stack.length} values, expected ${n} x ${pixels}`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`pixelQuantiles: q must be in [0, 1], got ${q}`);
  const out = new Float32Array(pixels);
  const column = new Float32Array(n);
  const k = Math.min(n - 1, Math.max(0, Math.floor(q * (n - 1))));
  for (let p = 0; p < pixels; p++) {
    for (let i = 0; i < n; i++) column[i] = stack[i * pixels + p]!;
    column.sort();
    out[p] = column[k]!;
  }
  return out;
}

/**
 * One 1-D box-mean pass: `lines` lines of `len` values; value k of line j is at j * lineStep + k * step.
 * The window is clamped at the line's ends (mean over the values inside).
 */
function boxPass(src: Float32Array, out: Float32Array, lines: number, len: number, lineStep: number, step: number, r: number): void {
  for (let j = 0; j < lines; j++) {
    for (let k = 0; k < len; k++) {
      let s = 0;
      let c = 0;
      for (let d = Math.max(0, k - r); d <= Math.min(len - 1, k + r); d++) { s += src[j * lineStep + d * step]!; c++; }
      out[j * lineStep + k * step] = s / c;
    }
  }
}

/** Box mean over a (2r+1) x (2r+1) window, clamped at the borders (separable: rows, then columns). */
export function boxBlur(src: Float32Array, width: number, height: number, r: number): Float32Array {
  if (src.length !== width * height) throw new RangeError(`boxBlur: ${src.length} values for ${width}x${height}`);
  if (r <= 0) return Float32Array.from(src);
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  boxPass(src, tmp, height, width, width, 1, r);
  boxPass(tmp, out, width, height, 1, width, r);
  return out;
}

/** The baseline: per-pixel quantile q of the normal maps, smoothed by a box of radius r. */
export function normalBaseline(stack: Float32Array, n: number, size: number, q: number, r = 1): Float32Array {
  return boxBlur(pixelQuantiles(stack, n, size * size, q), size, size, r);
}

/** max(0, map - baseline), element-wise (same length). */
export function excessOverBaseline(map: Float32Array, baseline: Float32Array): Float32Array {
  if (map.length !== baseline.length) throw new RangeError(`excessOverBaseline: map has ${map.length} values, baseline ${baseline.length}`);
  const out = new Float32Array(map.length);
  for (let i = 0; i < map.length; i++) {
    const d = map[i]! - baseline[i]!;
    out[i] = d > 0 ? d : 0;
  }
  return out;
}
