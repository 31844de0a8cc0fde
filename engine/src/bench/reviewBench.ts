/**
 * Review benchmark (not a test): the live threshold slider on a 2048x2048 proposal, in Debian's Chromium
 * through the web host against the real engine. A 2k phantom gets a proposal from the phantom fixture model
 * (stored map at full resolution); the page opens the workspace, selects the image, and the slider is moved
 * to a new value again and again. Per move: the renderer's recompute (threshold + regions + rejections) and
 * the time from the input to the frame after the overlay was drawn ("on screen").
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../protocol/client';
import { createEngine } from '../methods/createEngine';
import { appRoot } from '../host/paths';
import { writePhantomSet } from '../phantom/writePhantomSet';
import { connectInProcess } from '../transports/inProcess';
import { startWebHost } from '../webhost/server';
import { stats, type Stats } from './stats';

export interface ReviewBenchFigures {
  size: number;
  moves: number;
  regions: number;
  recomputeMs: Stats;
  screenMs: Stats;
}

const FIXTURE_MODEL = 'tests/fixtures/models/phantom-quick';

/** A workspace with one 2k abnormal phantom and its proposal; returns the workspace folder. */
async function makeWorkspace(root: string, size: number): Promise<string> {
  const data = join(root, 'data');
  const r = writePhantomSet({ out: data, count: 2, seed: 'review-bench', size });
  const abnormal = r.images.find((im) => im.label === 'abnormal');
  if (!abnormal) throw new Error('phantom set has no abnormal image');
  const ws = join(root, 'ws');
  const client = new EngineClient(connectInProcess(createEngine()));
  try {
    await client.call('workspace.open', { dir: ws, create: true });
    const added = await client.call('workspace.add', { paths: [join(data, abnormal.file)] });
    const id = added.added[0]!.id;
    await client.call('workspace.label', { imageId: id, label: 'abnormal' });
    // A low fixed threshold gives a mask with several regions to recompute.
    await client.call('proposal.run', { imageIds: [id], modelDir: join(appRoot(), FIXTURE_MODEL), threshold: 0.02, minArea: 50 });
    await client.call('workspace.close', {});
  } finally {
    client.close();
  }
  return ws;
}

/** Runs in the page (no DOM types in the engine's build): has the review reported a change after number n? */
function screenCountAbove(n: number): boolean {
  const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document;
  return Number(doc.querySelector('[data-testid="screen-ms"]')?.getAttribute('data-count') ?? 0) > n;
}

export async function reviewBench(opts: { size?: number; moves?: number; chromiumPath?: string; log?: (line: string) => void } = {}): Promise<ReviewBenchFigures | { skipped: string }> {
  const size = opts.size ?? 2048;
  const moves = opts.moves ?? 20;
  const chromiumPath = opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const log = opts.log ?? ((l: string) => console.log(l));
  if (!existsSync(join(appRoot(), 'dist', 'renderer', 'index.html'))) return { skipped: 'dist/renderer missing: run `npm run build` first' };
  if (!existsSync(chromiumPath)) return { skipped: `Chromium not found at ${chromiumPath}` };
  if (!existsSync(join(appRoot(), FIXTURE_MODEL, 'weights.bin'))) return { skipped: `${FIXTURE_MODEL} missing` };
  const root = mkdtempSync(join(tmpdir(), 'taggan-review-bench-'));
  try {
    const ws = await makeWorkspace(root, size);
    const { chromium } = await import('playwright-core');
    const host = await startWebHost({ log: () => {} });
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(host.url);
      await page.waitForSelector('[data-testid="status-bar"][data-phase="ready"]', { timeout: 120_000 });
      await page.fill('[data-testid="ws-path"]', ws);
      await page.click('[data-testid="ws-open"]');
      await page.click('[data-testid="worklist-item"]', { timeout: 60_000 });
      const slider = page.locator('[data-testid="threshold"]');
      await slider.waitFor({ timeout: 120_000 });
      const max = Number(await slider.getAttribute('max'));
      const recompute: number[] = [];
      const screen: number[] = [];
      let regions = 0;
      for (let k = 0; k <= moves; k++) {
        const before = Number(await page.locator('[data-testid="screen-ms"]').getAttribute('data-count').catch(() => null) ?? 0);
        // Thresholds across the lower part of the range, where the mask has regions.
        await slider.fill(String(max * (0.05 + 0.25 * ((k * 7) % 11) / 11)));
        await page.waitForFunction(screenCountAbove, before, { timeout: 30_000 });
        const text = (await page.locator('[data-testid="recompute-ms"]').textContent()) ?? '';
        const rms = Number(/recomputed in ([\d.]+) ms/.exec(text)?.[1]);
        const sms = Number(await page.locator('[data-testid="screen-ms"]').getAttribute('data-ms'));
        regions = Math.max(regions, await page.locator('[data-testid="region"]').count());
        if (k === 0) continue; // warm-up
        recompute.push(rms);
        screen.push(sms);
        log(JSON.stringify({ bench: 'review.slider', move: k, recomputeMs: rms, screenMs: sms }));
      }
      return { size, moves, regions, recomputeMs: stats(recompute), screenMs: stats(screen) };
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
