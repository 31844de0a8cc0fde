/**
 * The classifier's attention region from a CAM heat map: pixels whose heat is at least `cut` times the
 * map's maximum (Grad-CAM maps are non-negative; a map with no positive heat gives an empty region).
 * @param cam Float32Array heat map, any length (already at the mask's size)
 * @param cut fraction of the maximum, in (0, 1]; default 0.5
 * @returns Uint8Array 0/1 of cam.length
 */
export function camRegion(cam: Float32Array, cut = 0.5): Uint8Array {
  if (!(cut > 0 && cut <= 1)) throw new RangeError(`camRegion: cut must be in (0, 1], got ${cut}`);
  let max = 0;
  for (let i = 0; i < cam.length; i++) if (cam[i] > max) max = cam[i];
  const out = new Uint8Array(cam.length);
  if (max <= 0) return out;
  const t = cut * max;
  for (let i = 0; i < cam.length; i++) out[i] = cam[i] >= t ? 1 : 0;
  return out;
}
