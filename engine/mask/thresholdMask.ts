/**
 * Binary mask of the map's pixels strictly above `t`: mask[i] = map[i] > t ? 1 : 0 (NaN gives 0).
 * @param map Float32Array, any length
 * @param t threshold in map units
 * @returns Uint8Array (0/1) of map.length
 */
export function thresholdMask(map: Float32Array, t: number): Uint8Array {
  if (typeof t !== 'number' || Number.isNaN(t)) throw new RangeError(`thresholdMask: bad threshold ${t}`);
  const n = map.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = map[i] > t ? 1 : 0;
  return out;
}
