/** RRR..GGG..BBB.. -> RGBRGB.. for `components` planes of `pixels` samples each (new array). */
export function planarToInterleaved(planar: Int32Array, pixels: number, components: number): Int32Array {
  if (planar.length < pixels * components) throw new RangeError(`planarToInterleaved: ${planar.length} < ${pixels}x${components}`);
  const out = new Int32Array(pixels * components);
  for (let c = 0; c < components; c++) {
    const base = c * pixels;
    for (let p = 0, o = c; p < pixels; p++, o += components) out[o] = planar[base + p]!;
  }
  return out;
}
