import type { CliContext } from './command';

/**
 * A progress bar on stderr when it is a terminal (redrawn in place), nothing otherwise.
 * Returns update(done, total, label) with an end() to finish the line.
 */
export function progressLine(ctx: CliContext, title: string): ((done: number, total: number, label?: string) => void) & { end(): void } {
  const started = Date.now();
  let drawn = false;
  const update = (done: number, total: number, label = '') => {
    if (!ctx.isTTY || total <= 0) return;
    const width = 28;
    const filled = Math.round((done / total) * width);
    const sec = (Date.now() - started) / 1000;
    const eta = done > 0 ? (sec / done) * (total - done) : NaN;
    const etaText = Number.isFinite(eta) ? `ETA ${Math.round(eta)} s` : '';
    const name = label.length > 40 ? `...${label.slice(-37)}` : label;
    process.stderr.write(`\r${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${etaText} ${name}\x1b[K`);
    drawn = true;
  };
  return Object.assign(update, {
    end() {
      if (drawn) process.stderr.write('\n');
    },
  });
}
