import { _electron as electron, expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import { snap, ROOT } from './fixtures';

/** The Electron binary, or why there is none (Electron downloads it at install time; offline machines have none). */
function electronBinary(): { path?: string; why?: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' ? { path: p } : { why: 'the electron package did not give a binary path' };
  } catch (err) {
    return { why: `no Electron binary here (${String(err instanceof Error ? err.message : err).split('\n')[0]})` };
  }
}

test('desktop: the window shows the engine hello through the MessagePort', async () => {
  const bin = electronBinary();
  if (!bin.path) {
    console.log(`SKIP electron e2e: ${bin.why}`);
    test.skip(true, bin.why);
    return;
  }
  const app = await electron.launch({ executablePath: bin.path, args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])] });
  const win = await app.firstWindow();
  await expect(win.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(win.getByTestId('engine-backend')).toContainText(/backend (tensorflow|webgpu|wasm|cpu)/);
  await expect(win.getByTestId('status-bar')).toContainText('desktop');
  await snap(win, 'electron-hello');
  await app.close();
});
