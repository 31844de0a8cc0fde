/**
 * Applies the DICOM stored-value rules in place: shift the sample down to bit 0 (High Bit),
 * keep Bits Stored bits, and sign-extend when Pixel Representation is 1.
 * `samples` holds raw pixel cells (or codec output); returns the same array.
 */
export function toStoredValues(samples: Int32Array, bitsStored: number, highBit: number, signed: boolean): Int32Array {
  if (bitsStored < 1 || bitsStored > 32) throw new RangeError(`bitsStored ${bitsStored} out of 1..32`);
  const shift = Math.max(0, highBit + 1 - bitsStored);
  if (bitsStored === 32) {
    if (shift === 0) return samples;
  }
  const mask = bitsStored >= 32 ? -1 : (2 ** bitsStored - 1) | 0;
  const sign = bitsStored >= 32 ? 0 : 2 ** (bitsStored - 1);
  const n = samples.length;
  if (signed && bitsStored < 32) {
    for (let i = 0; i < n; i++) {
      const v = (samples[i]! >>> shift) & mask;
      samples[i] = v & sign ? v | ~mask : v;
    }
  } else {
    for (let i = 0; i < n; i++) samples[i] = (samples[i]! >>> shift) & mask;
  }
  return samples;
}
