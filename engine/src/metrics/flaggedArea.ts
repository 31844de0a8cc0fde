/** Share of pixels a mask flags (non-zero), in [0, 1]; the false-positive measure on normal images. */
export function flaggedArea(mask: Uint8Array): number {
  if (mask.length === 0) throw new RangeError('flaggedArea: empty mask');
  let c = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) c++;
  return c / mask.length;
}
