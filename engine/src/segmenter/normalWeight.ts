/**
 * How much each empty target (an image labelled normal) weighs in the segmenter's loss when normals outnumber
 * the lesion masks: together they weigh as much as the masks, w = min(1, masks / normals). Keeps a new
 * workspace with many normals and a few accepted masks from learning to propose nothing.
 */
export function balancedNormalWeight(masks: number, normals: number): number {
  if (!Number.isInteger(masks) || masks < 0 || !Number.isInteger(normals) || normals < 0) throw new RangeError(`balancedNormalWeight: counts must be whole numbers >= 0, got ${masks}, ${normals}`);
  return normals === 0 ? 1 : Math.min(1, masks / normals);
}
