import { assertPlane, assertSize } from './checks';
import { connectedRegions } from './connectedRegions';
import { fillHoles } from './fillHoles';
import { resizeMapBilinear } from './resizeMapBilinear';

export interface LungMaskOptions {
  /** Probability above which a pixel is lung (default 0.5). */
  threshold?: number;
  /** How many of the largest 8-connected regions to keep (default 2: the two lungs). */
  keep?: number;
  /** A kept region other than the largest must have at least this fraction of the largest's area (default 0.05). */
  minFraction?: number;
}

/**
 * A lung-field mask at the image's own size from a model-size probability map: bilinear upsampling
 * (half-pixel centres), threshold, the `keep` largest regions (smaller islands dropped), holes filled.
 * @param prob Float32Array probabilities in [0, 1], w*h (the model's grid)
 * @param outW, outH the image's own size (the map is stretched to it, as the input was stretched to the grid)
 * @returns Uint8Array 0/1, outW*outH
 */
export function lungMaskFromProb(prob: Float32Array, w: number, h: number, outW: number, outH: number, opts: LungMaskOptions = {}): Uint8Array {
  assertPlane(prob, w, h, 'lungMaskFromProb');
  assertSize(outW, outH, 'lungMaskFromProb output');
  const threshold = opts.threshold ?? 0.5;
  const keep = opts.keep ?? 2;
  const minFraction = opts.minFraction ?? 0.05;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`lungMaskFromProb: threshold must be in (0, 1), got ${threshold}`);
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`lungMaskFromProb: keep must be a positive integer, got ${keep}`);
  if (!(minFraction >= 0 && minFraction <= 1)) throw new RangeError(`lungMaskFromProb: minFraction must be in [0, 1], got ${minFraction}`);
  const up = w === outW && h === outH ? prob : resizeMapBilinear(prob, w, h, outW, outH);
  const raw = new Uint8Array(outW * outH);
  for (let i = 0; i < raw.length; i++) raw[i] = up[i]! > threshold ? 1 : 0;
  const { labels, regions } = connectedRegions(raw, outW, outH);
  if (regions.length === 0) return raw;
  const sorted = [...regions].sort((a, b) => b.area - a.area);
  const largest = sorted[0]!.area;
  const kept = new Uint8Array(regions.length + 1);
  sorted.slice(0, keep).forEach((r, i) => { if (i === 0 || r.area >= minFraction * largest) kept[r.id] = 1; });
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < out.length; i++) out[i] = kept[labels[i]!]!;
  return fillHoles(out, outW, outH);
}
