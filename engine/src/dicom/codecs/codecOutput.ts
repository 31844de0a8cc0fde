/** What every pixel codec front-end returns: raw decoded samples before DICOM value rules. */
export interface CodecOutput {
  /** Decoded samples; colour is pixel-interleaved unless `planar`. Values as the codec produced them. */
  samples: Int32Array;
  width: number;
  height: number;
  components: number;
  /** True when colour samples come plane by plane (RRR..GGG..BBB..). */
  planar: boolean;
}

/**
 * Widens codec bytes (host = little-endian words when bitsPerSample > 8) to int32.
 * `signed` reads two's complement words/bytes.
 */
export function widenSamples(bytes: Uint8Array, bitsPerSample: number, signed: boolean, count: number): Int32Array {
  const out = new Int32Array(count);
  if (bitsPerSample <= 8) {
    if (bytes.length < count) throw new RangeError(`codec returned ${bytes.length} bytes, expected ${count}`);
    if (signed) for (let i = 0; i < count; i++) out[i] = (bytes[i]! << 24) >> 24;
    else for (let i = 0; i < count; i++) out[i] = bytes[i]!;
  } else if (bitsPerSample <= 16) {
    if (bytes.length < 2 * count) throw new RangeError(`codec returned ${bytes.length} bytes, expected ${2 * count}`);
    if (signed) for (let i = 0, j = 0; i < count; i++, j += 2) out[i] = ((bytes[j]! | (bytes[j + 1]! << 8)) << 16) >> 16;
    else for (let i = 0, j = 0; i < count; i++, j += 2) out[i] = bytes[j]! | (bytes[j + 1]! << 8);
  } else {
    throw new RangeError(`codec sample depth ${bitsPerSample} bits is not supported`);
  }
  return out;
}
