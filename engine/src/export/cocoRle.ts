/**
 * COCO run-length encoding of binary masks, as pycocotools does it (maskApi.c):
 * - runs over the mask in COLUMN-MAJOR order (x outer, y inner; i.e. the transposed raster),
 *   alternating background/foreground, starting with a (possibly zero) background run;
 * - "uncompressed" RLE = {size: [h, w], counts: number[]};
 * - "compressed" RLE = {size: [h, w], counts: string}: each count (after the first two, as a delta to the
 *   count two places back) in signed 5-bit groups, little end first, 0x20 = more groups follow, each
 *   group + 48 as an ASCII character (rleToString / rleFrString).
 */
import { assertBinaryMask, type BinaryMask } from '../../mask/binaryMask';

export interface CocoRle {
  /** [height, width] as COCO writes it. */
  size: [number, number];
  counts: number[] | string;
}

/** Mask -> run lengths (column-major, first run = background). Sum of counts = width*height. */
export function encodeRleCounts(mask: BinaryMask): number[] {
  assertBinaryMask(mask);
  const { width: w, height: h, data } = mask;
  const counts: number[] = [];
  let cur = 0; // value of the current run (starts with background)
  let run = 0;
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      const v = data[y * w + x] !== 0 ? 1 : 0;
      if (v !== cur) {
        counts.push(run);
        run = 0;
        cur = v;
      }
      run++;
    }
  }
  counts.push(run);
  return counts;
}

/** Run lengths -> mask (row-major 0/1). Throws RangeError when the counts do not add up to h*w. */
export function decodeRleCounts(counts: readonly number[], height: number, width: number): BinaryMask {
  const n = height * width;
  const data = new Uint8Array(n);
  let p = 0; // position in column-major order
  let v = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`RLE count ${c} is not a non-negative integer`);
    if (p + c > n) throw new RangeError(`RLE counts exceed ${height}x${width}`);
    if (v === 1) {
      for (let k = p; k < p + c; k++) {
        const x = Math.floor(k / height);
        const y = k - x * height;
        data[y * width + x] = 1;
      }
    }
    p += c;
    v ^= 1;
  }
  if (p !== n) throw new RangeError(`RLE counts sum to ${p}, expected ${n} for ${height}x${width}`);
  return { width, height, data };
}

/** Run lengths -> pycocotools' compressed string. */
export function rleCountsToString(counts: readonly number[]): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i]!;
    if (i > 2) x -= counts[i - 2]!;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5; // arithmetic shift keeps the sign, as C's >> on a long
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/** pycocotools' compressed string -> run lengths. Throws RangeError on characters outside the alphabet. */
export function rleCountsFromString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new RangeError('RLE string ends inside a count');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new RangeError(`RLE string has an invalid character "${s[p]}"`);
      if (k > 5) throw new RangeError('RLE count too large (more than 30 bits)');
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2]!;
    counts.push(x);
  }
  return counts;
}

/** Mask -> COCO RLE, compressed (string counts, the pycocotools default) or uncompressed. */
export function encodeCocoRle(mask: BinaryMask, opts: { compressed?: boolean } = {}): CocoRle {
  const counts = encodeRleCounts(mask);
  return { size: [mask.height, mask.width], counts: opts.compressed === false ? counts : rleCountsToString(counts) };
}

/** COCO RLE (either form) -> mask. */
export function decodeCocoRle(rle: CocoRle): BinaryMask {
  const [h, w] = rle.size;
  const counts = typeof rle.counts === 'string' ? rleCountsFromString(rle.counts) : rle.counts;
  return decodeRleCounts(counts, h, w);
}
