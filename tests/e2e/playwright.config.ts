import { defineConfig } from '@playwright/test';
import type { HostKind } from './fixtures';

/** e2e: the real renderer in Debian's Chromium against the real web host and engine; Electron where a binary exists. */
export default defineConfig<{ host: HostKind }>({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  outputDir: '../../test-results/e2e',
  timeout: 120_000,
  workers: 1,
  retries: 0,
  use: {
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
  },
  projects: [
    // The renderer in Debian's Chromium through the web host (runs everywhere CI runs).
    { name: 'chromium', testIgnore: /electron\.spec\.ts/, use: { host: 'web' } },
    // The same workflow tests in the Electron desktop app; they skip, saying why, where there is no binary.
    { name: 'electron', testMatch: /(workflow|electron)\.spec\.ts/, use: { host: 'electron' } },
  ],
});
