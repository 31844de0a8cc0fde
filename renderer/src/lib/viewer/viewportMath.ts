/** Pure viewport arithmetic for the viewer tools (no DOM, no cornerstone). */

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 64;

/** Zoom by `factor` (>1 in), clamped to [MIN_SCALE, MAX_SCALE]. */
export function zoomScale(scale: number, factor: number): number {
  if (!(scale > 0) || !(factor > 0)) throw new RangeError(`zoomScale: scale ${scale} and factor ${factor} must be > 0`);
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
}

/** Wheel delta (pixels, positive = scroll down) to a zoom factor: down zooms out, 10 % per 100 px. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(1.1, -deltaY / 100);
}

/** Rotation after a quarter turn clockwise (dir 1) or anticlockwise (dir -1), in 0/90/180/270. */
export function quarterTurn(rotation: number, dir: 1 | -1): number {
  const r = Math.round(rotation / 90) * 90;
  return (((r + dir * 90) % 360) + 360) % 360;
}

/**
 * Window/level by mouse drag: dx widens (right) or narrows (left) the window, dy moves the centre
 * (down = higher centre, image darker), `unitsPerPixel` modality units per screen pixel. Width stays >= 1.
 */
export function dragWindow(voi: { windowWidth: number; windowCenter: number }, dx: number, dy: number, unitsPerPixel: number): { windowWidth: number; windowCenter: number } {
  return { windowWidth: Math.max(1, voi.windowWidth + dx * unitsPerPixel), windowCenter: voi.windowCenter + dy * unitsPerPixel };
}

/** Drag sensitivity: the whole value range over about 500 screen pixels, never below 0.1 per pixel. */
export function windowSensitivity(minModality: number, maxModality: number): number {
  return Math.max(0.1, Math.abs(maxModality - minModality) / 500);
}
