/**
 * A binary mask as the store and the exporters see it: row-major `data` of length width*height
 * (index = y * width + x), 0 = background, anything else = inside the mask (stored/exported as 1).
 * Same shape as the mask tools' masks (engine/mask), so theirs can be passed straight in.
 */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Throws RangeError unless `m` is a well-formed mask (positive integer size, matching data length). */
export function assertBinaryMask(m: BinaryMask, what = 'mask'): void {
  if (!m || !(m.data instanceof Uint8Array)) throw new RangeError(`${what}: data must be a Uint8Array`);
  if (!Number.isInteger(m.width) || !Number.isInteger(m.height) || m.width <= 0 || m.height <= 0) {
    throw new RangeError(`${what}: bad size ${m.width}x${m.height}`);
  }
  if (m.data.length !== m.width * m.height) {
    throw new RangeError(`${what}: data length ${m.data.length} != ${m.width}x${m.height}`);
  }
}

/** Number of foreground (non-zero) pixels. */
export function maskArea(m: BinaryMask): number {
  let n = 0;
  for (let i = 0; i < m.data.length; i++) if (m.data[i] !== 0) n++;
  return n;
}

/** True when both masks have the same size and the same foreground pixels (non-zero compared as 1). */
export function masksEqual(a: BinaryMask, b: BinaryMask): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if ((a.data[i] !== 0) !== (b.data[i] !== 0)) return false;
  return true;
}
