/**
 * Uncompressed pixel data: one frame's pixel cells from the Pixel Data bytes, little or big endian,
 * 1/8/16/32 bits allocated, widened to int32 (samples as laid out in the file).
 */

export interface NativeLayout {
  rows: number;
  columns: number;
  /** Samples per pixel as stored (YBR_FULL_422 native: 2 bytes per pixel are passed as 2 "samples"). */
  samplesPerPixel: number;
  bitsAllocated: number;
  bigEndian: boolean;
}

/** Bytes one frame occupies (bit-packed for 1-bit data; frames then share bytes, see frameBitOffset). */
export function nativeFrameBytes(l: NativeLayout): number {
  const cells = l.rows * l.columns * l.samplesPerPixel;
  return l.bitsAllocated === 1 ? Math.ceil(cells / 8) : (cells * l.bitsAllocated) / 8;
}

/**
 * Reads frame `frame` from `pixelData` (the whole Pixel Data value). Throws RangeError when the
 * data are too short for the frame.
 */
export function decodeNative(pixelData: Uint8Array, l: NativeLayout, frame: number): Int32Array {
  const cells = l.rows * l.columns * l.samplesPerPixel;
  const out = new Int32Array(cells);
  if (l.bitsAllocated === 1) {
    // Bits are packed across frame boundaries, least significant bit first.
    const bit0 = frame * cells;
    const lastByte = (bit0 + cells - 1) >> 3;
    if (lastByte >= pixelData.length) throw new RangeError(`Pixel Data has ${pixelData.length} bytes, frame ${frame + 1} needs ${lastByte + 1}`);
    for (let i = 0; i < cells; i++) {
      const b = bit0 + i;
      out[i] = (pixelData[b >> 3]! >> (b & 7)) & 1;
    }
    return out;
  }
  const bps = l.bitsAllocated / 8;
  const start = frame * cells * bps;
  const end = start + cells * bps;
  if (end > pixelData.length) throw new RangeError(`Pixel Data has ${pixelData.length} bytes, frame ${frame + 1} needs ${end}`);
  const b = pixelData;
  if (bps === 1) {
    for (let i = 0; i < cells; i++) out[i] = b[start + i]!;
  } else if (bps === 2) {
    if (l.bigEndian) for (let i = 0, j = start; i < cells; i++, j += 2) out[i] = (b[j]! << 8) | b[j + 1]!;
    else for (let i = 0, j = start; i < cells; i++, j += 2) out[i] = b[j]! | (b[j + 1]! << 8);
  } else if (bps === 4) {
    if (l.bigEndian) for (let i = 0, j = start; i < cells; i++, j += 4) out[i] = (b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!;
    else for (let i = 0, j = start; i < cells; i++, j += 4) out[i] = b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24);
  } else {
    throw new RangeError(`Bits Allocated ${l.bitsAllocated} is not supported`);
  }
  return out;
}
