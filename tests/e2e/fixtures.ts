import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost, type WebHost } from '../../engine/src/webhost/server';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Saves a screenshot under tests/artifacts/NAME.png (kept as a test artifact, and for people to look at). */
export async function snap(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

interface Fixtures {
  webhost: WebHost;
  debianChromium: Browser;
  page: Page;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  webhost: async ({}, use) => {
    if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('dist/renderer missing: run `npm run build` first');
    const host = await startWebHost({ log: () => {} });
    await use(host);
    await host.close();
  },
  // eslint-disable-next-line no-empty-pattern
  debianChromium: async ({}, use, testInfo) => {
    if (!existsSync(CHROMIUM)) {
      testInfo.skip(true, `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
      return;
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    await use(browser);
    await browser.close();
  },
  page: async ({ debianChromium }, use) => {
    const context = await debianChromium.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await use(page);
    await context.close();
    if (errors.length) console.log(`browser errors:\n${errors.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
