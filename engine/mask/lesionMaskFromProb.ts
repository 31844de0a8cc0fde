import { assertPlane, assertSize } from './checks';
import { removeIslands } from './removeIslands';
import { resizeMapBilinear } from './resizeMapBilinear';

/**
 * A segmenter's probability plane (w x h, the image stretched to the model's square) -> a 0/1 mask at the
 * image's size: bilinear upsampling, p > cut (default 0.5), regions under minArea pixels dropped (default
 * max(4, 0.05% of the image), the proposals' rule).
 */
export function lesionMaskFromProb(prob: Float32Array, w: number, h: number, outW: number, outH: number, opts: { cut?: number; minArea?: number } = {}): Uint8Array {
  assertPlane(prob, w, h, 'lesionMaskFromProb prob');
  assertSize(outW, outH, 'lesionMaskFromProb output');
  const cut = opts.cut ?? 0.5;
  if (!(cut > 0 && cut < 1)) throw new RangeError(`lesionMaskFromProb: cut must be in (0, 1), got ${cut}`);
  const up = resizeMapBilinear(prob, w, h, outW, outH);
  const m = new Uint8Array(up.length);
  for (let i = 0; i < up.length; i++) m[i] = up[i]! > cut ? 1 : 0;
  return removeIslands(m, outW, outH, opts.minArea ?? Math.max(4, Math.round(outW * outH * 0.0005)));
}
