/**
 * Splits encapsulated Pixel Data (PS3.5 A.4) into one encoded byte string per frame: with the Basic
 * Offset Table when it is usable, else one fragment per frame, else by codestream start markers
 * (several fragments per frame and no offset table).
 */
import type { Element, Fragment } from 'dicom-parser';
import { EngineError } from '../errors';

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** True when a fragment starts a codestream: JPEG/JPEG-LS SOI, J2K SOC+SIZ, or a JP2 signature box. */
function startsCodestream(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true;
  if (b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) return true;
  return b.length >= 12 && b[4] === 0x6a && b[5] === 0x50 && b[6] === 0x20 && b[7] === 0x20;
}

/**
 * Encoded frames of `pixelData` (an encapsulated element) inside `byteArray`.
 * Throws TRUNCATED when a fragment runs past the end of the file, CORRUPT when the fragments cannot be
 * assigned to `frames` frames.
 */
export function encapsulatedFrames(byteArray: Uint8Array, pixelData: Element, frames: number, file: string): Uint8Array[] {
  const fragments: Fragment[] = pixelData.fragments ?? [];
  if (fragments.length === 0) throw new EngineError('CORRUPT', 'encapsulated Pixel Data has no fragments', file);
  const views: Uint8Array[] = fragments.map((f, i) => {
    if (f.position < 0 || f.length < 0 || f.position + f.length > byteArray.length) {
      throw new EngineError('TRUNCATED', `Pixel Data fragment ${i + 1} runs past the end of the file`, file);
    }
    return byteArray.subarray(f.position, f.position + f.length);
  });
  if (frames === 1) return [concat(views)];

  const bot = pixelData.basicOffsetTable ?? [];
  if (bot.length === frames && bot[0] === 0 && bot.every((v, i) => i === 0 || v > bot[i - 1]!)) {
    const out: Uint8Array[] = [];
    for (let f = 0; f < frames; f++) {
      const lo = bot[f]!;
      const hi = f + 1 < frames ? bot[f + 1]! : Number.POSITIVE_INFINITY;
      const parts = views.filter((_, i) => fragments[i]!.offset >= lo && fragments[i]!.offset < hi);
      if (parts.length === 0) throw new EngineError('CORRUPT', `Basic Offset Table entry ${f + 1} points at no fragment`, file);
      out.push(concat(parts));
    }
    return out;
  }
  if (views.length === frames) return views;

  // No usable offset table and more fragments than frames: a new frame starts at each codestream start.
  const groups: Uint8Array[][] = [];
  for (const v of views) {
    if (groups.length === 0 || startsCodestream(v)) groups.push([v]);
    else groups[groups.length - 1]!.push(v);
  }
  if (groups.length !== frames) {
    throw new EngineError(
      'CORRUPT',
      `cannot split ${views.length} Pixel Data fragments into ${frames} frames (found ${groups.length} codestream starts, no usable Basic Offset Table)`,
      file,
    );
  }
  return groups.map(concat);
}
