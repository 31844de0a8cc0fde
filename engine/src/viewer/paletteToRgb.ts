/**
 * Expands palette indices to 8-bit RGB through the file's Palette Color LUTs (PS3.3 C.7.6.3.1.5):
 * index < firstMapped uses the first entry, index past the end uses the last. 16-bit entries keep their
 * top 8 bits; 8-bit entries are taken as they are.
 */
import type { PaletteLut } from '../../protocol/dicom';

/** @param indices rows*columns palette indices. @returns rows*columns*3 bytes, R G B per pixel. */
export function paletteToRgb(indices: Int32Array, lut: PaletteLut): Uint8Array {
  const n = lut.red.length;
  if (n === 0 || lut.green.length !== n || lut.blue.length !== n) {
    throw new RangeError(`paletteToRgb: red/green/blue LUTs must be non-empty and equally long (${lut.red.length}/${lut.green.length}/${lut.blue.length})`);
  }
  const shift = lut.bitsPerEntry > 8 ? lut.bitsPerEntry - 8 : 0;
  const out = new Uint8Array(indices.length * 3);
  for (let i = 0, o = 0; i < indices.length; i++, o += 3) {
    let k = indices[i]! - lut.firstMapped;
    if (k < 0) k = 0;
    else if (k >= n) k = n - 1;
    out[o] = lut.red[k]! >> shift;
    out[o + 1] = lut.green[k]! >> shift;
    out[o + 2] = lut.blue[k]! >> shift;
  }
  return out;
}
