/**
 * Random augmentation of one (image, mask) training pair for a lung-field model, aimed at radiographs
 * from other hospitals: a small affine change (scale, aspect, rotation, shift: other collimation, patient
 * position and the stretch of non-square images to the square), then intensity changes on the image only
 * (window, gamma, blur or sharpening, noise: other detectors, bit depths and VOI windows). No inversion:
 * the loader already shows MONOCHROME1 with bright = dense. Pure: the same rng sequence gives the same output.
 */

export interface AugmentRanges {
  /** Isotropic scale range [lo, hi]. */
  scale: [number, number];
  /** Extra x/y aspect factor range. */
  aspect: [number, number];
  /** Rotation in degrees, +-. */
  rotateDeg: number;
  /** Shift as a fraction of the size, +-. */
  shift: number;
  /** Gamma range (log-uniform). */
  gamma: [number, number];
  /** Window: the new black point is drawn in [-w, w], the new white point in [1 - w, 1 + w]. */
  window: number;
  /** Gaussian noise standard deviation, uniform in [0, noise]. */
  noise: number;
  /** Probability of a 3x3 binomial blur, and of an unsharp mask (exclusive). */
  blur: number;
  sharpen: number;
  /**
   * Probability of a zoom-out instead of the scale range: the picture shrinks to zoomOutScale of the frame and
   * the frame around it is a flat dark value (air, collimator, black borders of small or pediatric films).
   */
  zoomOut: number;
  zoomOutScale: [number, number];
}

export const DEFAULT_AUGMENT: AugmentRanges = {
  scale: [0.85, 1.15], aspect: [0.9, 1.1], rotateDeg: 10, shift: 0.06,
  gamma: [0.6, 1.7], window: 0.12, noise: 0.03, blur: 0.3, sharpen: 0.15, zoomOut: 0.25, zoomOutScale: [0.55, 0.85],
};

/** One-line description of the ranges (for metadata). */
export function describeAugment(a: AugmentRanges): string {
  return `scale ${a.scale.join('-')}, aspect ${a.aspect.join('-')}, rotation +-${a.rotateDeg} deg, shift +-${a.shift * 100}%, `
    + `gamma ${a.gamma.join('-')}, window +-${a.window}, noise sd <= ${a.noise}, blur p ${a.blur}, sharpen p ${a.sharpen}, `
    + `zoom-out p ${a.zoomOut} to ${a.zoomOutScale.join('-')} on a flat dark frame; no inversion`;
}

/** Bilinear sample of a size x size plane at (x, y): edge clamping, or `fill` beyond half a pixel outside. */
function sample(src: Float32Array, size: number, x: number, y: number, fill?: number): number {
  const m = size - 1;
  if (fill !== undefined && (x < -0.5 || y < -0.5 || x > m + 0.5 || y > m + 0.5)) return fill;
  const cx = x < 0 ? 0 : x > m ? m : x;
  const cy = y < 0 ? 0 : y > m ? m : y;
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = x0 < m ? x0 + 1 : m;
  const y1 = y0 < m ? y0 + 1 : m;
  const fx = cx - x0;
  const fy = cy - y0;
  const a = src[y0 * size + x0]! + (src[y0 * size + x1]! - src[y0 * size + x0]!) * fx;
  const b = src[y1 * size + x0]! + (src[y1 * size + x1]! - src[y1 * size + x0]!) * fx;
  return a + (b - a) * fy;
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function convolve3(src: Float32Array, size: number, k: number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = Math.min(size - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(size - 1, Math.max(0, x + dx));
          acc += src[yy * size + xx]! * k[(dy + 1) * 3 + dx + 1]!;
        }
      }
      out[y * size + x] = acc;
    }
  }
  return out;
}

const BLUR = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);

/**
 * @param image gray [0, 1], size*size (not modified)
 * @param mask lung fraction [0, 1], size*size (not modified)
 * @param rng uniform [0, 1) generator (e.g. mulberry32), consumed in a fixed order
 * @returns new planes: the image in [0, 1] and the mask in [0, 1]
 */
export function augmentPair(image: Float32Array, mask: Float32Array, size: number, rng: () => number, a: AugmentRanges = DEFAULT_AUGMENT): { image: Float32Array; mask: Float32Array } {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`augmentPair: bad size ${size}`);
  if (image.length !== size * size || mask.length !== size * size) throw new RangeError(`augmentPair: planes must be ${size}x${size}, got ${image.length} and ${mask.length} values`);
  const u = (lo: number, hi: number): number => lo + (hi - lo) * rng();
  const zoomOut = rng() < a.zoomOut;
  const s = zoomOut ? u(a.zoomOutScale[0], a.zoomOutScale[1]) : u(a.scale[0], a.scale[1]);
  const frame = zoomOut ? u(0, 0.15) : undefined;
  const asp = u(a.aspect[0], a.aspect[1]);
  const sx = s * Math.sqrt(asp);
  const sy = s / Math.sqrt(asp);
  const th = (u(-a.rotateDeg, a.rotateDeg) * Math.PI) / 180;
  const tx = u(-a.shift, a.shift) * size;
  const ty = u(-a.shift, a.shift) * size;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  const c = (size - 1) / 2;
  const img = new Float32Array(size * size);
  const msk = new Float32Array(size * size);
  // Output p = c + R S (q - c) + t; inverse q = c + S^-1 R^T (p - c - t).
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x - c - tx;
      const py = y - c - ty;
      const qx = c + (cos * px + sin * py) / sx;
      const qy = c + (-sin * px + cos * py) / sy;
      img[y * size + x] = sample(image, size, qx, qy, frame);
      msk[y * size + x] = sample(mask, size, qx, qy, frame === undefined ? undefined : 0);
    }
  }
  const lo = u(-a.window, a.window);
  const hi = u(1 - a.window, 1 + a.window);
  const gamma = Math.exp(u(Math.log(a.gamma[0]), Math.log(a.gamma[1])));
  const r = rng();
  const sd = u(0, a.noise);
  let out: Float32Array = img;
  for (let i = 0; i < out.length; i++) {
    const v = Math.min(1, Math.max(0, (out[i]! - lo) / (hi - lo)));
    out[i] = v ** gamma;
  }
  if (r < a.blur) out = convolve3(out, size, BLUR);
  else if (r < a.blur + a.sharpen) {
    const b = convolve3(out, size, BLUR);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + 0.8 * (out[i]! - b[i]!);
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]! + sd * gaussian(rng)));
  return { image: out, mask: msk };
}
