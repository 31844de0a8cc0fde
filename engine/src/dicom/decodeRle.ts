/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment
 * per byte plane (most significant byte first, sample after sample).
 */

/**
 * Decodes one RLE frame to int32 samples, pixel-interleaved. Throws RangeError on any inconsistency
 * (the caller names the file). `bitsAllocated` 1 frames decode to 0/1 per pixel.
 * Output length: rows*columns*samplesPerPixel.
 */
export function decodeRle(encoded: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): Int32Array {
  if (encoded.length < 64) throw new RangeError(`RLE frame is ${encoded.length} bytes, shorter than its 64-byte header`);
  const dv = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const nSeg = dv.getUint32(0, true);
  const pixels = rows * columns;
  const bytesPerSample = bitsAllocated === 1 ? 1 : bitsAllocated / 8;
  const expectSeg = samplesPerPixel * bytesPerSample;
  if (nSeg !== expectSeg) throw new RangeError(`RLE header lists ${nSeg} segments, the image needs ${expectSeg}`);
  const offsets: number[] = [];
  for (let s = 0; s < nSeg; s++) offsets.push(dv.getUint32(4 + 4 * s, true));
  offsets.push(encoded.length);
  const planeLen = bitsAllocated === 1 ? Math.ceil(pixels / 8) : pixels;
  const plane = new Uint8Array(planeLen);
  const out = new Int32Array(pixels * samplesPerPixel);
  for (let s = 0; s < nSeg; s++) {
    const start = offsets[s]!;
    const end = offsets[s + 1]!;
    if (start < 64 || end > encoded.length || end < start) throw new RangeError(`RLE segment ${s + 1} has bad offsets ${start}..${end}`);
    unpackBits(encoded, start, end, plane, s + 1);
    const sample = Math.floor(s / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
    if (bitsAllocated === 1) {
      for (let p = 0; p < pixels; p++) out[p] = (plane[p >> 3]! >> (p & 7)) & 1;
    } else {
      for (let p = 0, o = sample; p < pixels; p++, o += samplesPerPixel) out[o] = out[o]! | (plane[p]! << shift);
    }
  }
  return out;
}

/** PackBits from encoded[start..end) into all of `dst`; throws if it does not fill exactly. */
function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array, seg: number): void {
  let i = start;
  let o = 0;
  const n = dst.length;
  while (o < n && i < end) {
    const h = src[i++]!;
    if (h < 128) {
      const len = h + 1;
      if (i + len > end || o + len > n) throw new RangeError(`RLE segment ${seg}: literal run overflows`);
      dst.set(src.subarray(i, i + len), o);
      i += len;
      o += len;
    } else if (h > 128) {
      const len = 257 - h;
      if (i >= end || o + len > n) throw new RangeError(`RLE segment ${seg}: replicate run overflows`);
      dst.fill(src[i++]!, o, o + len);
      o += len;
    }
  }
  if (o < n) throw new RangeError(`RLE segment ${seg} decodes to ${o} bytes, the frame needs ${n}`);
}
