/**
 * RGBA layers for the overlay canvas, as pure functions on typed arrays: the mask (translucent fill with an
 * opaque outline) and the disease map as a heat colour scale. Both at image resolution, row-major.
 */
import type { Box } from '../../../../engine/mask/types';

export type Rgb = readonly [number, number, number];

/**
 * Writes the mask into `out` (RGBA, width*height*4) inside `box` (default: all): outline pixels (mask pixels
 * with a 4-neighbour outside the mask or at the border) opaque, the inside at `fillAlpha`, the rest clear.
 * Returns the change in the number of painted (non-clear) pixels, so a caller can keep the layer's count.
 */
export function paintMaskRgba(mask: Uint8Array, width: number, height: number, out: Uint8ClampedArray, color: Rgb, fillAlpha = 70, box?: Box | null): number {
  if (out.length !== width * height * 4) throw new RangeError(`paintMaskRgba: out has ${out.length} bytes, expected ${width * height * 4}`);
  const x0 = box ? Math.max(0, box.x) : 0;
  const y0 = box ? Math.max(0, box.y) : 0;
  const x1 = box ? Math.min(width, box.x + box.w) : width;
  const y1 = box ? Math.min(height, box.y + box.h) : height;
  const [r, g, b] = color;
  let delta = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      const o = i * 4;
      if (out[o + 3]) delta--;
      if (!mask[i]) {
        out[o + 3] = 0;
        continue;
      }
      delta++;
      const edge = x === 0 || y === 0 || x === width - 1 || y === height - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - width] || !mask[i + width];
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = edge ? 255 : fillAlpha;
    }
  }
  return delta;
}

/** Heat colour for t in [0, 1]: dark red -> red -> yellow -> white. */
export function heatColor(t: number): Rgb {
  const v = Math.min(1, Math.max(0, t));
  const r = Math.min(255, Math.round(v * 3 * 255));
  const g = Math.min(255, Math.max(0, Math.round((v * 3 - 1) * 255)));
  const b = Math.min(255, Math.max(0, Math.round((v * 3 - 2) * 255)));
  return [r, g, b];
}

/**
 * The disease map as heat (positive values only; alpha grows with the value) scaled by `top` (the map's
 * largest value): RGBA width*height*4.
 */
export function mapToHeatRgba(map: Float32Array, top: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(map.length * 4);
  const s = top > 0 ? 1 / top : 0;
  const lut: Rgb[] = Array.from({ length: 256 }, (_, k) => heatColor(k / 255));
  for (let i = 0; i < map.length; i++) {
    const t = map[i]! * s;
    if (!(t > 0.02)) continue;
    const k = Math.min(255, Math.round(t * 255));
    const c = lut[k]!;
    const o = i * 4;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
    out[o + 3] = Math.round(80 + 175 * Math.min(1, t));
  }
  return out;
}

/** Healthy counterpart for display: clamp(image - map) with both in [0, 1] display units -> gray RGBA. */
export function healthyRgba(image8: Uint8Array, map: Float32Array): Uint8ClampedArray {
  if (image8.length !== map.length) throw new RangeError(`healthyRgba: image ${image8.length} vs map ${map.length} values`);
  const out = new Uint8ClampedArray(map.length * 4);
  for (let i = 0; i < map.length; i++) {
    const v = image8[i]! - map[i]! * 255;
    const o = i * 4;
    out[o] = out[o + 1] = out[o + 2] = v;
    out[o + 3] = 255;
  }
  return out;
}

/**
 * The affine transform (canvas 2D setTransform a..f) that maps image pixel coordinates to canvas pixels,
 * from where three image points land: (0,0) -> p0, (1,0) -> px, (0,1) -> py. Covers zoom, pan, rotation, flips.
 */
export function affineFromPoints(p0: { x: number; y: number }, px: { x: number; y: number }, py: { x: number; y: number }): [number, number, number, number, number, number] {
  return [px.x - p0.x, px.y - p0.y, py.x - p0.x, py.y - p0.y, p0.x, p0.y];
}
