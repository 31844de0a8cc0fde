/**
 * Deterministic damage for robustness tests: truncation, seeded bit flips and header mangling of
 * DICOM bytes. Pure functions; each returns a new array.
 */
import { mulberry32 } from '../../../../engine/src/util/mulberry32';

/** A small seeded PRNG in [0, 1) (the engine's mulberry32). */
export const rng = mulberry32;

export function truncate(b: Uint8Array, length: number): Uint8Array {
  return b.slice(0, Math.max(0, Math.min(b.length, Math.floor(length))));
}

/** Flips `n` random bits in [from, b.length). */
export function flipBits(b: Uint8Array, n: number, seed: number, from = 0): Uint8Array {
  const out = b.slice();
  const r = rng(seed);
  const span = out.length - from;
  for (let i = 0; i < n && span > 0; i++) {
    const pos = from + Math.floor(r() * span);
    out[pos] = out[pos]! ^ (1 << Math.floor(r() * 8));
  }
  return out;
}

/** Offset of the first occurrence of `needle` at or after `from`, or -1. */
export function indexOf(b: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Overwrites bytes at `at` (no-op when at < 0). */
export function overwrite(b: Uint8Array, at: number, bytes: number[]): Uint8Array {
  const out = b.slice();
  if (at >= 0) bytes.forEach((v, i) => (at + i < out.length ? (out[at + i] = v) : 0));
  return out;
}

/** Little-endian explicit-VR tag bytes of (group, element). */
export function tagBytes(group: number, element: number): number[] {
  return [group & 0xff, group >> 8, element & 0xff, element >> 8];
}
