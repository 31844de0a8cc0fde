/**
 * The acceptance simulation as people read it: a markdown table (one row per round and per baseline) and an
 * SVG plot of Dice on the held-out images against k, a line per way of picking (and self-training) and a dashed line per
 * baseline. Pure functions of the numbers.
 */
import type { SetMetrics } from '../metrics';
import type { SimRound } from './simulateAcceptance';

export interface Baseline { name: string; metrics: SetMetrics }

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${(100 * v).toFixed(1)}`);

export function simulationTable(rounds: readonly SimRound[], baselines: readonly Baseline[]): string {
  const head = '| method | k accepted | trained on: lesion masks + empty normals | Dice % | IoU % | PoI % | area flagged on normals % | images with any proposal |\n|---|---|---|---|---|---|---|---|';
  const row = (name: string, k: string, trained: string, m: SetMetrics): string =>
    `| ${name} | ${k} | ${trained} | ${pct(m.dice)} | ${pct(m.iou)} | ${pct(m.poi)} | ${pct(m.normalFlaggedArea)} | ${m.abnormalWithProposal}/${m.nAbnormal} abnormal, ${m.normalWithProposal}/${m.nNormal} normal |`;
  // Records from the first version of the simulation have no normalTargets: there, every picked normal was one.
  const trained = (r: SimRound): string => `${r.abnormalAccepted} + ${r.normalTargets ?? r.k - r.abnormalAccepted}${r.softTargets ? ` + ${r.softTargets.count} own masks (weight ${r.softTargets.weight})` : ''}`;
  return [head, ...rounds.map((r) => row(`segmenter, ${lineName(r)}`, String(r.k), trained(r), r.metrics)), ...baselines.map((b) => row(b.name, '-', '-', b.metrics))].join('\n');
}

/** A round's line: how its k images were picked, and whether it self-trained. */
export function lineName(r: Pick<SimRound, 'pick' | 'stage'>): string {
  return `${r.pick === 'doubt' ? 'by doubt' : 'random'}${r.stage === 'self-trained' ? ' + self-training' : ''}`;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Dice (%) against k on a log2 axis; y from 0 to 100. */
export function simulationPlotSvg(rounds: readonly SimRound[], baselines: readonly Baseline[], title: string): string {
  const lines = [...new Set(rounds.map(lineName))];
  const longest = Math.max(...baselines.map((b) => `${b.name} ${pct(b.metrics.dice)}`.length), ...lines.map((l) => `segmenter, ${l}`.length));
  // The legend's column fits its longest label (about 7 px a character at 12 px).
  const R = Math.max(230, 56 + Math.ceil(7 * longest)); const W = 450 + R; const H = 400; const L = 60; const T = 40; const B = 50;
  const ks = [...new Set(rounds.map((r) => r.k))].sort((a, b) => a - b);
  const lo = Math.log2(Math.min(...ks)); const hi = Math.log2(Math.max(...ks));
  const x = (k: number): number => L + (hi === lo ? 0.5 : (Math.log2(k) - lo) / (hi - lo)) * (W - L - R);
  const y = (d: number): number => T + (1 - d) * (H - T - B);
  const colours: Record<string, string> = { random: '#1f77b4', 'by doubt': '#d62728', 'random + self-training': '#17becf', 'by doubt + self-training': '#ff7f0e' };
  const base = ['#2ca02c', '#9467bd', '#8c564b', '#7f7f7f'];
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${L}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (let d = 0; d <= 1.0001; d += 0.2) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(d)}" y2="${y(d)}" stroke="#ddd"/><text x="${L - 8}" y="${y(d) + 4}" text-anchor="end">${Math.round(d * 100)}</text>`);
  }
  for (const k of ks) parts.push(`<line x1="${x(k)}" x2="${x(k)}" y1="${T}" y2="${H - B}" stroke="#eee"/><text x="${x(k)}" y="${H - B + 16}" text-anchor="middle">${k}</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">accepted masks k (log scale)</text>`);
  parts.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">Dice on held-out abnormal images (%)</text>`);
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#333"/>`);
  let ly = T + 10;
  const legend = (label: string, colour: string, dashed: boolean): void => {
    parts.push(`<line x1="${W - R + 12}" x2="${W - R + 36}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2.5"${dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${W - R + 42}" y="${ly + 4}">${esc(label)}</text>`);
    ly += 20;
  };
  baselines.forEach((b, i) => {
    const c = base[i % base.length]!;
    if (b.metrics.dice !== null) parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(b.metrics.dice)}" y2="${y(b.metrics.dice)}" stroke="${c}" stroke-width="2" stroke-dasharray="6 4"/>`);
    legend(`${b.name} ${pct(b.metrics.dice)}`, c, true);
  });
  for (const line of lines) {
    const pts = rounds.filter((r) => lineName(r) === line && r.metrics.dice !== null).sort((a, b) => a.k - b.k);
    const c = colours[line] ?? '#000';
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2.5" points="${pts.map((r) => `${x(r.k)},${y(r.metrics.dice!)}`).join(' ')}"/>`);
    for (const r of pts) parts.push(`<circle cx="${x(r.k)}" cy="${y(r.metrics.dice!)}" r="4" fill="${c}"/>`);
    legend(`segmenter, ${line}`, c, false);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
