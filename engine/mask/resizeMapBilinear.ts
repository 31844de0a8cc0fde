import { assertPlane, assertSize } from './checks';

/**
 * Bilinear resize of a map with half-pixel centres (source x = (X + 0.5) * w / W - 0.5, clamped to the
 * edge), like TF's resizeBilinear(halfPixelCenters=true). Used to bring a model-size map to image size.
 * @param map Float32Array, w*h
 * @returns Float32Array, outW*outH
 */
export function resizeMapBilinear(map: Float32Array, w: number, h: number, outW: number, outH: number): Float32Array {
  assertPlane(map, w, h, 'resizeMapBilinear');
  assertSize(outW, outH, 'resizeMapBilinear output');
  const out = new Float32Array(outW * outH);
  const x0s = new Int32Array(outW);
  const x1s = new Int32Array(outW);
  const fxs = new Float32Array(outW);
  for (let X = 0; X < outW; X++) {
    const sx = Math.min(w - 1, Math.max(0, ((X + 0.5) * w) / outW - 0.5));
    const x0 = Math.floor(sx);
    x0s[X] = x0;
    x1s[X] = Math.min(w - 1, x0 + 1);
    fxs[X] = sx - x0;
  }
  for (let Y = 0; Y < outH; Y++) {
    const sy = Math.min(h - 1, Math.max(0, ((Y + 0.5) * h) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    const r0 = y0 * w;
    const r1 = y1 * w;
    const orow = Y * outW;
    for (let X = 0; X < outW; X++) {
      const fx = fxs[X];
      const a = map[r0 + x0s[X]] + (map[r0 + x1s[X]] - map[r0 + x0s[X]]) * fx;
      const b = map[r1 + x0s[X]] + (map[r1 + x1s[X]] - map[r1 + x0s[X]]) * fx;
      out[orow + X] = a + (b - a) * fy;
    }
  }
  return out;
}
