/** Expands 8-bit RGB (3 bytes per pixel) to RGBA with alpha 255, as cornerstone's colour renderer reads it. */
export function rgbToRgba(rgb: Uint8Array): Uint8Array {
  if (rgb.length % 3 !== 0) throw new RangeError(`rgbToRgba: length ${rgb.length} is not a multiple of 3`);
  const n = rgb.length / 3;
  const out = new Uint8Array(n * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    out[j] = rgb[i]!;
    out[j + 1] = rgb[i + 1]!;
    out[j + 2] = rgb[i + 2]!;
    out[j + 3] = 255;
  }
  return out;
}
