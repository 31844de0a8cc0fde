/**
 * Converts unsigned colour samples of `bits` bits (1..16) to bytes: 8-bit samples are copied, wider ones
 * keep their top 8 bits, narrower ones are scaled up to fill 0..255. Values outside 0..2^bits-1 are clamped.
 */
export function samplesToBytes(samples: Int32Array, bits: number): Uint8Array {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) throw new RangeError(`samplesToBytes: bits must be 1..16, got ${bits}`);
  const max = 2 ** bits - 1;
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let v = samples[i]!;
    if (v < 0) v = 0;
    else if (v > max) v = max;
    out[i] = bits === 8 ? v : bits > 8 ? v >> (bits - 8) : Math.round((v * 255) / max);
  }
  return out;
}
