import type { TruthBox } from './types';

/**
 * Box hit count: a truth box is hit when at least one predicted pixel lies inside it, i.e. when some
 * predicted region overlaps it (any overlap counts; the region need not be centred in the box).
 * Box pixels as in `boxesToMask` (x2, y2 exclusive, rounded, clipped).
 * @param pred Uint8Array 0/1, width*height
 * @returns how many of `boxes` are hit
 */
export function boxHits(pred: Uint8Array, width: number, height: number, boxes: readonly TruthBox[]): number {
  if (pred.length !== width * height) throw new RangeError(`boxHits: mask length ${pred.length} != ${width}x${height}`);
  let hits = 0;
  for (const b of boxes) {
    const x1 = Math.max(0, Math.round(b.x1));
    const y1 = Math.max(0, Math.round(b.y1));
    const x2 = Math.min(width, Math.round(b.x2));
    const y2 = Math.min(height, Math.round(b.y2));
    let hit = false;
    for (let y = y1; y < y2 && !hit; y++) {
      for (let x = x1; x < x2; x++) {
        if (pred[y * width + x]) {
          hit = true;
          break;
        }
      }
    }
    if (hit) hits++;
  }
  return hits;
}
