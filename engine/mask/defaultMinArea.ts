/**
 * The default minimum region area of a proposal, in pixels: max(4, 0.05% of the image), rounded. Used by
 * proposeMask when no minArea is given and by the review panel for proposals stored without one.
 */
export function defaultMinArea(width: number, height: number): number {
  return Math.max(4, Math.round(width * height * 0.0005));
}
