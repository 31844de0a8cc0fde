import type { Box } from '../../../../engine/mask/types';

/**
 * Indices of the pixels that differ between two 0/1 masks (a binary edit is exactly the set of flipped
 * pixels), optionally only inside `box`. Uint32Array, ascending.
 */
export function diffMasks(before: Uint8Array, after: Uint8Array, width: number, box?: Box | null): Uint32Array {
  if (before.length !== after.length) throw new RangeError(`diffMasks: lengths ${before.length} != ${after.length}`);
  const out: number[] = [];
  if (box) {
    for (let y = box.y; y < box.y + box.h; y++) {
      const row = y * width;
      for (let x = box.x; x < box.x + box.w; x++) if (before[row + x] !== after[row + x]) out.push(row + x);
    }
  } else {
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) out.push(i);
  }
  return Uint32Array.from(out);
}

/** Flips the listed pixels of a 0/1 mask IN PLACE (an edit and its undo are the same operation). */
export function applyFlips(mask: Uint8Array, flips: Uint32Array): void {
  for (let k = 0; k < flips.length; k++) {
    const i = flips[k]!;
    if (i >= mask.length) throw new RangeError(`applyFlips: index ${i} outside a mask of ${mask.length}`);
    mask[i] = mask[i] ? 0 : 1;
  }
}

/** Union of two boxes (either may be null). */
export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
