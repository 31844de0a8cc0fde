/**
 * Safe readers for dicom-parser DataSet attributes. dicom-parser throws bare strings when an element's
 * bytes lie past the end of the buffer; these helpers turn that into undefined (absent) so callers can
 * decide what is required, and never let a string exception escape.
 */
import type { DataSet } from 'dicom-parser';

/** Tag in dicom-parser's key form, e.g. tag(0x0028, 0x0010) -> "x00280010". */
export function tag(group: number, element: number): string {
  return `x${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`;
}

function inBounds(ds: DataSet, key: string): boolean {
  const el = ds.elements[key];
  return !!el && el.length > 0 && el.dataOffset >= 0 && el.dataOffset + el.length <= ds.byteArray.length;
}

/** A text value with padding removed (backslash-separated values kept), or undefined. */
export function getString(ds: DataSet, key: string): string | undefined {
  if (!inBounds(ds, key)) return undefined;
  try {
    const s = ds.string(key);
    return s === undefined || s === '' ? undefined : s.replace(/\0+$/, '').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** All values of a multi-valued text attribute (split on backslash, trimmed). */
export function getStrings(ds: DataSet, key: string): string[] {
  const s = getString(ds, key);
  return s === undefined ? [] : s.split('\\').map((x) => x.trim());
}

/** All numeric values of a DS/IS attribute; values that do not parse are NaN. */
export function getNumberStrings(ds: DataSet, key: string): number[] {
  return getStrings(ds, key).map((x) => (x === '' ? Number.NaN : Number(x)));
}

/** First numeric value of a DS/IS attribute when finite, else undefined. */
export function getNumberString(ds: DataSet, key: string): number | undefined {
  const v = getNumberStrings(ds, key)[0];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** An unsigned 16-bit value (VR US), or undefined when absent or too short. */
export function getUint16(ds: DataSet, key: string, index = 0): number | undefined {
  const el = ds.elements[key];
  if (!inBounds(ds, key) || el!.length < (index + 1) * 2) return undefined;
  try {
    return ds.uint16(key, index);
  } catch {
    return undefined;
  }
}

/** A signed 16-bit value (VR SS), or undefined. */
export function getInt16(ds: DataSet, key: string, index = 0): number | undefined {
  const el = ds.elements[key];
  if (!inBounds(ds, key) || el!.length < (index + 1) * 2) return undefined;
  try {
    return ds.int16(key, index);
  } catch {
    return undefined;
  }
}

/** The raw bytes of an element (a view, not a copy), or undefined when absent or out of bounds. */
export function getBytes(ds: DataSet, key: string): Uint8Array | undefined {
  if (!inBounds(ds, key)) return undefined;
  const el = ds.elements[key]!;
  return new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
}
