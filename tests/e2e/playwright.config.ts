import { defineConfig } from '@playwright/test';

/** e2e: the real renderer in Debian's Chromium against the real web host and engine; Electron where a binary exists. */
export default defineConfig({
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
});
