import type { VoiLut } from '../../../protocol/dicom';

/**
 * VOI LUT (PS3.3 C.11.2.1.1): out = data[clamp(x - firstMapped, 0, n-1)] / (2^bitsPerEntry - 1),
 * in [0, 1]. Non-integer inputs are rounded. Returns a new Float32Array.
 */
export function applyVoiLut(values: ArrayLike<number>, lut: VoiLut): Float32Array {
  const n = lut.data.length;
  if (n === 0) throw new RangeError('applyVoiLut: empty LUT');
  let max = 2 ** lut.bitsPerEntry - 1;
  // Some files declare fewer bits than their entries use; scale by what is really there.
  for (let i = 0; i < n; i++) if (lut.data[i]! > max) max = 2 ** Math.ceil(Math.log2(lut.data[i]! + 1)) - 1;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let k = Math.round(values[i]!) - lut.firstMapped;
    k = k < 0 ? 0 : k >= n ? n - 1 : k;
    out[i] = lut.data[k]! / max;
  }
  return out;
}
