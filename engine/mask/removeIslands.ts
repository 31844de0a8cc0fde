import { connectedRegions } from './connectedRegions';

/**
 * Removes 8-connected foreground regions smaller than `minArea` pixels.
 * @param mask Uint8Array 0/1, width*height (not modified)
 * @param minArea regions with area < minArea are dropped (0 or 1 keeps everything)
 * @returns a new Uint8Array 0/1
 */
export function removeIslands(mask: Uint8Array, width: number, height: number, minArea: number): Uint8Array {
  if (!(minArea >= 0) || !Number.isFinite(minArea)) throw new RangeError(`removeIslands: bad minArea ${minArea}`);
  const { labels, regions } = connectedRegions(mask, width, height);
  const keep = new Uint8Array(regions.length + 1);
  for (const r of regions) keep[r.id] = r.area >= minArea ? 1 : 0;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = keep[labels[i]];
  return out;
}
