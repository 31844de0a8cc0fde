/**
 * How doubtful a segmenter is about an image, from its probability plane: the mean binary entropy
 * H(p) = -p log2 p - (1-p) log2 (1-p) over the pixels, in bits (0 = every pixel certain, 1 = every pixel
 * a coin toss). Pure; used to order the worklist "most doubtful first" and to pick images to annotate.
 */
export function meanBinaryEntropy(prob: Float32Array): number {
  if (prob.length === 0) throw new RangeError('meanBinaryEntropy: empty plane');
  let sum = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = Math.min(1, Math.max(0, prob[i]!));
    if (p > 0 && p < 1) sum -= p * Math.log2(p) + (1 - p) * Math.log2(1 - p);
  }
  return sum / prob.length;
}

/**
 * Disagreement of two masks of the same size: 1 - Dice (0 when both are empty, 1 when they share no pixel
 * and one is not empty). Used as the doubt of a fused proposal (the two models disagree).
 */
export function maskDisagreement(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`maskDisagreement: masks of ${a.length} and ${b.length} pixels`);
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    inter += x & y; na += x; nb += y;
  }
  return na + nb === 0 ? 0 : 1 - (2 * inter) / (na + nb);
}

/**
 * Doubt of a thresholded disease map (no probabilities): the share of the map's responding pixels
 * (value >= threshold / 2) whose value lies within a factor of two of the threshold (t/2 <= v < 2t), in
 * [0, 1]. 0 when nothing responds (a confident empty map) or when everything responding is far above the
 * threshold; near 1 when the mask hangs on the exact threshold chosen.
 */
export function borderlineShare(map: Float32Array, threshold: number): number {
  if (!(threshold > 0) || !Number.isFinite(threshold)) throw new RangeError(`borderlineShare: threshold must be positive, got ${threshold}`);
  let responding = 0;
  let borderline = 0;
  for (let i = 0; i < map.length; i++) {
    const v = map[i]!;
    if (v >= threshold / 2) {
      responding++;
      if (v < 2 * threshold) borderline++;
    }
  }
  return responding === 0 ? 0 : borderline / responding;
}
