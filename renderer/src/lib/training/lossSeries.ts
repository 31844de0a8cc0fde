/** Pure helpers of the training panel: the loss history for the plot, ETA and rate text. */

export interface LossPoint {
  step: number;
  value: number;
}

/** Loss name -> points, oldest first. */
export type LossSeries = Record<string, LossPoint[]>;

/**
 * Adds one step's losses (new series start when a new loss name appears). When a series grows beyond
 * `maxPoints`, every other point of its older half is dropped, so the plot stays light over long runs.
 * Returns a new object (series arrays are replaced, never mutated in place), as reactive state wants.
 */
export function appendLosses(series: LossSeries, step: number, losses: Record<string, number>, maxPoints = 400): LossSeries {
  const out: LossSeries = { ...series };
  for (const [name, value] of Object.entries(losses)) {
    if (!Number.isFinite(value)) continue;
    let pts = [...(out[name] ?? []), { step, value }];
    if (pts.length > maxPoints) {
      const half = Math.floor(pts.length / 2);
      pts = [...pts.slice(0, half).filter((_, i) => i % 2 === 0), ...pts.slice(half)];
    }
    out[name] = pts;
  }
  return out;
}

/** "1 h 05 min", "4 min 10 s", "12 s", or "—" when unknown. */
export function formatEta(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** SVG path ("M x y L x y ...") of points scaled into a w x h box (y up), with the given ranges. */
export function linePath(points: readonly LossPoint[], w: number, h: number, x: { min: number; max: number }, y: { min: number; max: number }): string {
  const sx = x.max > x.min ? w / (x.max - x.min) : 0;
  const sy = y.max > y.min ? h / (y.max - y.min) : 0;
  return points
    .map((p, i) => `${i ? 'L' : 'M'}${((p.step - x.min) * sx).toFixed(1)} ${(h - (p.value - y.min) * sy).toFixed(1)}`)
    .join(' ');
}

/** Ranges over every series (y padded by 5%; a flat series gets a unit span). */
export function seriesRanges(series: LossSeries): { x: { min: number; max: number }; y: { min: number; max: number } } | null {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const pts of Object.values(series)) {
    for (const p of pts) {
      x0 = Math.min(x0, p.step); x1 = Math.max(x1, p.step);
      y0 = Math.min(y0, p.value); y1 = Math.max(y1, p.value);
    }
  }
  if (!Number.isFinite(x0)) return null;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05;
  return { x: { min: x0, max: x1 === x0 ? x0 + 1 : x1 }, y: { min: y0 - pad, max: y1 + pad } };
}
