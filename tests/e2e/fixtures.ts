import { _electron as electron, test as base, chromium, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from '../../build/electron-sqlite.mjs';
import { startWebHost, type WebHost } from '../../engine/src/webhost/server';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Saves a screenshot under tests/artifacts/NAME.png (electron-NAME.png in the Electron project; kept as a test artifact, and for people to look at). */
export async function snap(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const project = base.info().project.name;
  const file = join(ARTIFACTS, project && project !== 'chromium' ? `${project}-${name}.png` : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Where the app runs: the renderer in Debian's Chromium through the web host, or the Electron desktop app. */
export type HostKind = 'web' | 'electron';

/** The Electron binary, or why there is none (Electron downloads it at install time; offline machines have none). */
export function electronBinary(): { path?: string; why?: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p !== 'string') return { why: 'the electron package did not give a binary path' };
    return existsSync(p) ? { path: p } : { why: `no Electron binary at ${p}` };
  } catch (err) {
    return { why: `no Electron binary here (${String(err instanceof Error ? err.message : err).split('\n')[0]})` };
  }
}

interface Options {
  host: HostKind;
}

interface Fixtures {
  webhost: WebHost;
  /** The desktop app under test (electron project), else null. */
  electronApp: ElectronApplication | null;
  /** The page's address when the test must load it (web host), else null (Electron loads its own window). */
  appUrl: string | null;
  page: Page;
}

async function startHost(): Promise<WebHost> {
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('dist/renderer missing: run `npm run build` first');
  return startWebHost({ log: () => {} });
}

export const test = base.extend<Fixtures & Options>({
  host: ['web', { option: true }],
  // eslint-disable-next-line no-empty-pattern
  webhost: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.close();
  },
  electronApp: async ({ host }, use, testInfo) => {
    if (host !== 'electron') {
      await use(null);
      return;
    }
    const bin = electronBinary();
    if (!bin.path) {
      console.log(`SKIP electron e2e (${testInfo.title}): ${bin.why}`);
      testInfo.skip(true, bin.why);
      return;
    }
    if (!existsSync(join(ROOT, 'dist', 'electron', 'main.cjs'))) throw new Error('dist/electron missing: run `npm run build` first');
    // The engine's SQLite module for Electron's ABI, as `npm start` makes it (needs the internet once).
    try {
      ensureElectronSqlite(ROOT, (l) => console.log(l));
    } catch (err) {
      const why = `no SQLite module for Electron: ${err instanceof Error ? err.message : String(err)}`;
      console.log(`SKIP electron e2e (${testInfo.title}): ${why}`);
      testInfo.skip(true, why);
      return;
    }
    const app = await electron.launch({ executablePath: bin.path, args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])] });
    await use(app);
    await app.close();
  },
  appUrl: async ({ host }, use) => {
    if (host === 'electron') {
      await use(null);
      return;
    }
    const h = await startHost();
    await use(h.url);
    await h.close();
  },
  page: async ({ host, electronApp }, use, testInfo) => {
    const errors: string[] = [];
    const watch = (p: Page): void => {
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    };
    if (host === 'electron') {
      const win = await electronApp!.firstWindow();
      watch(win);
      await use(win);
    } else {
      if (!existsSync(CHROMIUM)) {
        testInfo.skip(true, `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
        return;
      }
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      watch(page);
      await use(page);
      await context.close();
      await browser.close();
    }
    if (errors.length) console.log(`browser errors:\n${errors.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
