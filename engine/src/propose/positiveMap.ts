/**
 * The disease map proposals use: the positive part of m = x - x_N. Opacities (consolidation, nodules,
 * effusion) are where the image is brighter than its healthy counterpart. Measured on phantoms, |m| adds the
 * generator's negative-side noise outside lesions and proposes worse masks.
 */
export function positiveMap(signedMap: Float32Array): Float32Array {
  const out = new Float32Array(signedMap.length);
  for (let i = 0; i < out.length; i++) out[i] = signedMap[i]! > 0 ? signedMap[i]! : 0;
  return out;
}
