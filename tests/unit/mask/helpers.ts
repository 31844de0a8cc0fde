/** Test helpers for mask tests: a seeded random source and brute-force references. */
import { mulberry32 } from '../../../engine/src/util/mulberry32';

/** A small seeded PRNG in [0, 1) (the engine's mulberry32). */
export const rng = mulberry32;

export function randomMask(w: number, h: number, p: number, seed: number): Uint8Array {
  const r = rng(seed);
  const m = new Uint8Array(w * h);
  for (let i = 0; i < m.length; i++) m[i] = r() < p ? 1 : 0;
  return m;
}

/** Mask from rows of '#' (1) and '.' (0). */
export function parseMask(rows: string[]): { mask: Uint8Array; w: number; h: number } {
  const h = rows.length;
  const w = rows[0].length;
  const mask = new Uint8Array(w * h);
  rows.forEach((r, y) => [...r].forEach((c, x) => (mask[y * w + x] = c === '#' ? 1 : 0)));
  return { mask, w, h };
}

export function showMask(mask: Uint8Array, w: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < mask.length; i += w) rows.push([...mask.subarray(i, i + w)].map((v) => (v ? '#' : '.')).join(''));
  return rows;
}

export function count(mask: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) c++;
  return c;
}
