/**
 * Stores int32 samples in the smallest typed array that holds every one of them exactly:
 * Uint8Array (0..255), Uint16Array (0..65535), Int16Array (-32768..32767), else Int32Array.
 * The choice follows the actual values, so a 16-bit signed CT whose values fit in Int16 travels as Int16
 * and a 15-bit CR as Uint16. Returns the array with the smallest and largest value.
 */
import type { GrayPixels } from '../../protocol/image';

export interface NarrowedPixels {
  pixels: GrayPixels;
  min: number;
  max: number;
}

export function narrowPixels(values: Int32Array): NarrowedPixels {
  if (!(values instanceof Int32Array)) throw new TypeError('narrowPixels: values must be an Int32Array');
  if (values.length === 0) throw new RangeError('narrowPixels: no samples');
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  let pixels: GrayPixels;
  if (min >= 0 && max <= 0xff) pixels = Uint8Array.from(values);
  else if (min >= 0 && max <= 0xffff) pixels = Uint16Array.from(values);
  else if (min >= -0x8000 && max <= 0x7fff) pixels = Int16Array.from(values);
  else pixels = values;
  return { pixels, min, max };
}
