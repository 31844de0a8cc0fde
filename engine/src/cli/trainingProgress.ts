import type { CliContext } from './command';

/** What both trainers (TagGAN, lungs) report as they go. */
export interface TrainingProgressEvent {
  phase: string;
  step: number;
  total: number;
  note?: string;
  losses?: Record<string, number>;
  imagesPerSec?: number;
  etaSec?: number;
  elapsedSec?: number;
}

export interface TrainingPrinterOptions<P extends TrainingProgressEvent> {
  /** JSON lines on stdout (at most ~500 training lines) instead of a bar on a terminal. */
  json: boolean;
  /** The bar's title while loading, e.g. "loading images". */
  loading: string;
  /** Fields a JSON line carries after `losses` (e.g. the validation Dice). */
  jsonExtra?: (p: P) => Record<string, unknown>;
  /** What follows the bar (losses, speed, ETA). */
  detail: (p: P) => string;
  /** On a stderr that is not a terminal: a line for this event, or nothing. */
  plain?: (p: P) => string | undefined;
  /** Phases after which the bar's line ends (besides 'done'). */
  endPhases?: string[];
}

/** Seconds as m:ss or h:mm:ss ('--:--' when unknown). */
export function fmtSec(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '--:--';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const ss = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * The training progress printer of `taggan train` and `taggan train-lungs`: notes on stderr; with --json, JSON
 * lines (training thinned to ~500 lines, loading only when done); otherwise a bar on a terminal's stderr,
 * redrawn at most every 200 ms.
 */
export function trainingProgressPrinter<P extends TrainingProgressEvent>(ctx: CliContext, opts: TrainingPrinterOptions<P>): (p: P) => void {
  let lastBar = 0;
  const ends = new Set(['done', ...(opts.endPhases ?? [])]);
  return (p: P): void => {
    if (p.note) ctx.err(`note: ${p.note}`);
    if (opts.json) {
      if (p.phase === 'training') {
        const every = Math.max(1, Math.floor(p.total / 500));
        if (p.step % every !== 0 && p.step !== p.total) return;
      } else if (p.phase === 'loading' && p.step !== p.total) return;
      ctx.out(JSON.stringify({
        phase: p.phase, step: p.step, total: p.total, losses: p.losses,
        ...(opts.jsonExtra?.(p) ?? {}),
        imagesPerSec: p.imagesPerSec === undefined ? undefined : Number(p.imagesPerSec.toFixed(3)),
        etaSec: p.etaSec === undefined ? undefined : Number(p.etaSec.toFixed(1)),
        elapsedSec: p.elapsedSec === undefined ? undefined : Number(p.elapsedSec.toFixed(1)),
      }));
      return;
    }
    if (!ctx.isTTY) {
      const line = opts.plain?.(p);
      if (line !== undefined) ctx.err(line);
      return;
    }
    const now = Date.now();
    if (p.phase === 'training' && now - lastBar < 200 && p.step !== p.total) return;
    lastBar = now;
    const width = 30;
    const frac = p.total > 0 ? p.step / p.total : 0;
    const bar = `${'#'.repeat(Math.round(frac * width))}${'.'.repeat(width - Math.round(frac * width))}`;
    const what = p.phase === 'loading' ? opts.loading : p.phase;
    process.stderr.write(`\r${what} [${bar}] ${p.step}/${p.total}${opts.detail(p)}\x1b[K`);
    if (ends.has(p.phase)) process.stderr.write('\n');
  };
}
