/**
 * Resizes a GrayImage. 'bilinear' samples at pixel centres (half-pixel convention, like
 * tf.image.resizeBilinear with halfPixelCenters); 'area' averages every source pixel an output pixel
 * covers, with fractional weights at the edges (exact box filter, the right choice for shrinking).
 * 'auto' (default) uses area when shrinking by more than 1.5x on either axis, else bilinear.
 */
import type { GrayImage } from './grayImage';
import { assertGrayImage } from './grayImage';

export type ResizeMethod = 'bilinear' | 'area' | 'auto';

export function resizeGray(img: GrayImage, width: number, height: number, method: ResizeMethod = 'auto'): GrayImage {
  assertGrayImage(img, 'resizeGray input');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`resizeGray: bad target size ${width}x${height}`);
  }
  if (width === img.width && height === img.height) return { width, height, data: img.data.slice() };
  const m = method === 'auto' ? (img.width / width > 1.5 || img.height / height > 1.5 ? 'area' : 'bilinear') : method;
  return m === 'area' ? resizeArea(img, width, height) : resizeBilinear(img, width, height);
}

function resizeBilinear(img: GrayImage, w: number, h: number): GrayImage {
  const { width: sw, height: sh, data: src } = img;
  const out = new Float32Array(w * h);
  const sx = sw / w;
  const sy = sh / h;
  const x0 = new Int32Array(w);
  const x1 = new Int32Array(w);
  const fx = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    let p = (x + 0.5) * sx - 0.5;
    if (p < 0) p = 0;
    const i = Math.min(Math.floor(p), sw - 1);
    x0[x] = i;
    x1[x] = Math.min(i + 1, sw - 1);
    fx[x] = p - i;
  }
  for (let y = 0; y < h; y++) {
    let q = (y + 0.5) * sy - 0.5;
    if (q < 0) q = 0;
    const j = Math.min(Math.floor(q), sh - 1);
    const j1 = Math.min(j + 1, sh - 1);
    const fy = q - j;
    const r0 = j * sw;
    const r1 = j1 * sw;
    for (let x = 0; x < w; x++) {
      const a = src[r0 + x0[x]!]! + (src[r0 + x1[x]!]! - src[r0 + x0[x]!]!) * fx[x]!;
      const b = src[r1 + x0[x]!]! + (src[r1 + x1[x]!]! - src[r1 + x0[x]!]!) * fx[x]!;
      out[y * w + x] = a + (b - a) * fy;
    }
  }
  return { width: w, height: h, data: out };
}

/** Per output index: the source indices it covers and their weights (summing to 1). */
function areaWeights(srcLen: number, dstLen: number): { start: Int32Array; count: Int32Array; weights: Float32Array; stride: number } {
  const scale = srcLen / dstLen;
  const stride = Math.ceil(scale) + 2;
  const start = new Int32Array(dstLen);
  const count = new Int32Array(dstLen);
  const weights = new Float32Array(dstLen * stride);
  for (let o = 0; o < dstLen; o++) {
    const a = o * scale;
    const b = Math.min((o + 1) * scale, srcLen);
    const i0 = Math.floor(a);
    const i1 = Math.min(Math.ceil(b), srcLen);
    start[o] = i0;
    count[o] = i1 - i0;
    for (let i = i0; i < i1; i++) {
      const cover = Math.min(b, i + 1) - Math.max(a, i);
      weights[o * stride + (i - i0)] = cover / (b - a);
    }
  }
  return { start, count, weights, stride };
}

function resizeArea(img: GrayImage, w: number, h: number): GrayImage {
  const { width: sw, height: sh, data: src } = img;
  const X = areaWeights(sw, w);
  const Y = areaWeights(sh, h);
  // Horizontal pass: sh x w.
  const tmp = new Float32Array(sh * w);
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      const s = X.start[x]!;
      const base = x * X.stride;
      for (let k = 0; k < X.count[x]!; k++) acc += src[row + s + k]! * X.weights[base + k]!;
      tmp[y * w + x] = acc;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const s = Y.start[y]!;
    const base = y * Y.stride;
    for (let k = 0; k < Y.count[y]!; k++) {
      const wt = Y.weights[base + k]!;
      const row = (s + k) * w;
      for (let x = 0; x < w; x++) out[y * w + x]! += tmp[row + x]! * wt;
    }
  }
  return { width: w, height: h, data: out };
}
