import { assertPlane } from './checks';
import { dilate } from './dilate';

/**
 * The lung-field prior on a disease map: values outside the lung fields grown by `margin` pixels become 0
 * (the lesions a chest-radiograph proposal is about lie in the lungs; the rest of the map is the
 * generator's response to bones, heart border, labels, collimation). The growth is a square of side
 * 2 * margin + 1 (Chebyshev distance <= margin), so lesions at the pleura and lung borders the segmenter
 * drew a little tight stay in.
 * @param map Float32Array, width*height (not modified)
 * @param lungs Uint8Array 0/1 lung-field mask, width*height (same grid as the map)
 * @param margin pixels of growth on that grid (integer >= 0)
 * @returns a new Float32Array: map inside the grown lungs, 0 outside
 */
export function restrictToLungs(map: Float32Array, lungs: Uint8Array, width: number, height: number, margin: number): Float32Array {
  assertPlane(map, width, height, 'restrictToLungs map');
  assertPlane(lungs, width, height, 'restrictToLungs lungs');
  if (!Number.isInteger(margin) || margin < 0) throw new RangeError(`restrictToLungs: margin must be a whole number of pixels >= 0, got ${margin}`);
  const keep = margin === 0 ? lungs : dilate(lungs, width, height, 2 * margin + 1);
  const out = new Float32Array(map.length);
  for (let i = 0; i < out.length; i++) if (keep[i]) out[i] = map[i]!;
  return out;
}

/** The margin in pixels of a `gridSize` grid for a margin given as a fraction of the image width (rounded). */
export function lungMarginPixels(fraction: number, gridSize: number): number {
  if (!(fraction >= 0 && fraction <= 0.5)) throw new RangeError(`lung margin must be a fraction of the image width in [0, 0.5], got ${fraction}`);
  if (!Number.isInteger(gridSize) || gridSize < 1) throw new RangeError(`lungMarginPixels: bad grid size ${gridSize}`);
  return Math.round(fraction * gridSize);
}
