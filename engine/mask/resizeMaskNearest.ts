import { assertPlane, assertSize } from './checks';

/**
 * Nearest-neighbour resize of a mask (pixel centres aligned: source x = floor((X + 0.5) * w / W)).
 * @param mask Uint8Array, w*h
 * @returns Uint8Array, outW*outH
 */
export function resizeMaskNearest(mask: Uint8Array, w: number, h: number, outW: number, outH: number): Uint8Array {
  assertPlane(mask, w, h, 'resizeMaskNearest');
  assertSize(outW, outH, 'resizeMaskNearest output');
  const out = new Uint8Array(outW * outH);
  const xs = new Int32Array(outW);
  for (let X = 0; X < outW; X++) xs[X] = Math.min(w - 1, Math.floor(((X + 0.5) * w) / outW));
  for (let Y = 0; Y < outH; Y++) {
    const sy = Math.min(h - 1, Math.floor(((Y + 0.5) * h) / outH));
    const srow = sy * w;
    const orow = Y * outW;
    for (let X = 0; X < outW; X++) out[orow + X] = mask[srow + xs[X]];
  }
  return out;
}
