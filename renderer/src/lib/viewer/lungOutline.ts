/**
 * The outline of a 0/1 mask as an RGBA layer: mask pixels within `thickness` pixels (Chebyshev distance) of
 * a non-mask pixel or of the image border, in `color`; transparent elsewhere. Pure (no DOM), so it is
 * unit-tested without a browser.
 */
export function lungOutlineRgba(mask: Uint8Array, width: number, height: number, thickness: number, color: readonly [number, number, number]): Uint8ClampedArray {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new RangeError(`lungOutlineRgba: bad size ${width}x${height}`);
  if (mask.length !== width * height) throw new RangeError(`lungOutlineRgba: mask has ${mask.length} values for ${width}x${height}`);
  if (!Number.isInteger(thickness) || thickness < 1) throw new RangeError(`lungOutlineRgba: thickness must be a positive integer, got ${thickness}`);
  const t = thickness;
  // Erosion by a (2t+1)^2 square, outside the image counting as background: rows, then columns.
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    let run = 0; // mask pixels in a row up to x
    const start = new Int32Array(width); // start of the run of 1s that ends at x
    for (let x = 0; x < width; x++) {
      run = mask[y * width + x] ? run + 1 : 0;
      start[x] = x - run + 1;
    }
    // a pixel survives when [x - t, x + t] is inside the image and all ones
    for (let x = 0; x < width; x++) {
      const hi = x + t;
      rows[y * width + x] = hi < width && x - t >= 0 && mask[y * width + hi] && start[hi]! <= x - t ? 1 : 0;
    }
  }
  const out = new Uint8ClampedArray(mask.length * 4);
  for (let x = 0; x < width; x++) {
    let run = 0;
    const start = new Int32Array(height);
    for (let y = 0; y < height; y++) {
      run = rows[y * width + x] ? run + 1 : 0;
      start[y] = y - run + 1;
    }
    for (let y = 0; y < height; y++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const hi = y + t;
      const inner = hi < height && y - t >= 0 && rows[hi * width + x] && start[hi]! <= y - t;
      if (inner) continue;
      out[i * 4] = color[0];
      out[i * 4 + 1] = color[1];
      out[i * 4 + 2] = color[2];
      out[i * 4 + 3] = 255;
    }
  }
  return out;
}

/** Outline thickness in image pixels that shows as about 2 screen pixels when the image fits a ~1000 px view. */
export function outlineThickness(width: number, height: number): number {
  return Math.max(1, Math.round(Math.max(width, height) / 500));
}
