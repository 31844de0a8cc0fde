/**
 * Reads a DICOM lookup table (LUT Descriptor + LUT Data), as used by the VOI LUT Sequence and the
 * Palette Color LUTs (PS3.3 C.11.1.1 / C.7.6.3.1.5).
 */
import type { DataSet } from 'dicom-parser';
import { getBytes, getInt16, getUint16 } from './attrs';

export interface Lut {
  /** First stored/modality value mapped to data[0]. */
  firstMapped: number;
  /** Bits per entry from the descriptor (8 or 16 in practice). */
  bitsPerEntry: number;
  /** One entry per input value, widened to 16 bits (8-bit entries keep their 0..255 scale). */
  data: Uint16Array;
}

/**
 * Reads the LUT at `descriptorKey`/`dataKey` in `ds`; `signedFirst` reads the first-mapped value as
 * two's complement (when the pixel data are signed). Returns undefined when absent or inconsistent.
 */
export function readLut(ds: DataSet, descriptorKey: string, dataKey: string, signedFirst: boolean): Lut | undefined {
  const n0 = getUint16(ds, descriptorKey, 0);
  const first = signedFirst ? getInt16(ds, descriptorKey, 1) : getUint16(ds, descriptorKey, 1);
  const bits = getUint16(ds, descriptorKey, 2);
  const bytes = getBytes(ds, dataKey);
  if (n0 === undefined || first === undefined || bits === undefined || bytes === undefined) return undefined;
  const n = n0 === 0 ? 65536 : n0;
  if (bits < 1 || bits > 16) return undefined;
  const data = new Uint16Array(n);
  if (bytes.length >= n * 2) {
    // One 16-bit word per entry, in the data set's byte order.
    const el = ds.elements[dataKey]!;
    for (let i = 0; i < n; i++) data[i] = ds.byteArrayParser.readUint16(ds.byteArray, el.dataOffset + 2 * i);
  } else if (bits <= 8 && bytes.length >= n) {
    // 8-bit entries packed two per word (seen in the wild and in the standard's examples).
    for (let i = 0; i < n; i++) data[i] = bytes[i]!;
  } else {
    return undefined;
  }
  // Some writers declare 8 bits but store 16-bit words with the value in the high byte.
  if (bits <= 8) {
    let max = 0;
    for (let i = 0; i < n; i++) if (data[i]! > max) max = data[i]!;
    if (max > 255) for (let i = 0; i < n; i++) data[i] = data[i]! >> 8;
  }
  return { firstMapped: first, bitsPerEntry: bits, data };
}
