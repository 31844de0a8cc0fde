/**
 * Viewer benchmark (not a test): how long the chest CR takes to
 * 1. decode in the engine (`image.open` through the in-process transport: read + J2K decode + packing), and
 * 2. reach the screen in Chromium through the web host, measured by the page itself: from the cornerstone
 *    loader's request (`taggan:request:<id>` mark) to the image's first cornerstone render
 *    (`taggan:first-paint:<id>` mark), with the engine answer arriving in between (`taggan:loaded:<id>`).
 * Prints one JSON line per measurement and a summary line; returns the figures. Needs `npm run build`
 * (dist/renderer) and Chromium for part 2; without them part 2 is skipped with the reason.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../protocol/client';
import { createEngine } from '../methods/createEngine';
import { appRoot } from '../host/paths';
import { connectInProcess } from '../transports/inProcess';
import { startWebHost } from '../webhost/server';
import { stats, type Stats } from './stats';

export interface ViewerBenchOptions {
  /** Image to open (default: the shared chest CR). */
  file?: string;
  /** Runs per measurement (default 3). */
  runs?: number;
  chromiumPath?: string;
  log?: (line: string) => void;
}

export interface ViewerBenchFigures {
  file: string;
  machine: string;
  /** Wall time of image.open in-process (ms) and the engine's own decodeMs. */
  engineOpenMs: Stats;
  engineDecodeMs: Stats;
  /** Page-measured: request -> first render, request -> engine answer, answer -> first render (ms). */
  firstPaint: { requestToPaintMs: Stats; requestToLoadedMs: Stats; loadedToPaintMs: Stats } | { skipped: string };
}

const DEFAULT_FILE = join(appRoot(), '..', 'shared', 'dicom', 'samples', 'chest-cr-RG1_J2KI.dcm');

export async function viewerBench(opts: ViewerBenchOptions = {}): Promise<ViewerBenchFigures> {
  const file = opts.file ?? process.env.TAGGAN_BENCH_IMAGE ?? DEFAULT_FILE;
  const runs = opts.runs ?? 3;
  const log = opts.log ?? ((l: string) => console.log(l));
  const machine = `${process.platform}-${process.arch}, ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), node ${process.versions.node}`;
  if (!existsSync(file)) throw new Error(`viewerBench: ${file} does not exist (set TAGGAN_BENCH_IMAGE)`);

  // 1. Engine decode, in-process.
  const client = new EngineClient(connectInProcess(createEngine()));
  const open: number[] = [];
  const decode: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const img = await client.call('image.open', { path: file });
      const ms = performance.now() - t0;
      open.push(ms);
      decode.push(img.decodeMs);
      log(JSON.stringify({ bench: 'viewer.engineOpen', run: i, ms: Math.round(ms), decodeMs: Math.round(img.decodeMs), rows: img.rows, columns: img.columns, pixels: img.pixels.constructor.name }));
    }
  } finally {
    client.close();
  }

  // 2. First paint in Chromium through the web host.
  const firstPaint = await measureFirstPaint(file, runs, opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', log);
  const figures: ViewerBenchFigures = { file, machine, engineOpenMs: stats(open), engineDecodeMs: stats(decode), firstPaint };
  log(JSON.stringify({ bench: 'viewer.summary', ...figures }));
  return figures;
}

/**
 * Runs in the page: the taggan loader's first request/loaded/first-paint marks, or null. No inner named
 * functions (tsx/esbuild would wrap them in a helper the page lacks) and no strings (the CSP forbids eval).
 */
function marksInPage(): { request: number; loaded: number; paint: number } | null {
  let request: number | undefined;
  let loaded: number | undefined;
  let paint: number | undefined;
  for (const e of performance.getEntriesByType('mark')) {
    if (request === undefined && e.name.startsWith('taggan:request:')) request = e.startTime;
    if (loaded === undefined && e.name.startsWith('taggan:loaded:')) loaded = e.startTime;
    if (paint === undefined && e.name.startsWith('taggan:first-paint:')) paint = e.startTime;
  }
  return request !== undefined && loaded !== undefined && paint !== undefined ? { request, loaded, paint } : null;
}

async function measureFirstPaint(file: string, runs: number, chromiumPath: string, log: (l: string) => void): Promise<ViewerBenchFigures['firstPaint']> {
  if (!existsSync(join(appRoot(), 'dist', 'renderer', 'index.html'))) return { skipped: 'dist/renderer missing: run `npm run build` first' };
  if (!existsSync(chromiumPath)) return { skipped: `Chromium not found at ${chromiumPath}` };
  const { chromium } = await import('playwright-core');
  const host = await startWebHost({ log: () => {} });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const paint: number[] = [];
  const loaded: number[] = [];
  const after: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(host.url);
      await page.waitForSelector('[data-testid="status-bar"][data-phase="ready"]', { timeout: 120_000 });
      await page.click('[data-testid="open-files"]');
      await page.fill('[data-testid="path-input"]', file);
      await page.click('[data-testid="path-go"]');
      const m = await page.waitForFunction(marksInPage, undefined, { timeout: 120_000 }).then((h) => h.jsonValue());
      if (!m) throw new Error('no marks');
      paint.push(m.paint - m.request);
      loaded.push(m.loaded - m.request);
      after.push(m.paint - m.loaded);
      log(JSON.stringify({ bench: 'viewer.firstPaint', run: i, requestToPaintMs: Math.round(m.paint - m.request), requestToLoadedMs: Math.round(m.loaded - m.request), loadedToPaintMs: Math.round(m.paint - m.loaded) }));
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
  }
  return { requestToPaintMs: stats(paint), requestToLoadedMs: stats(loaded), loadedToPaintMs: stats(after) };
}
