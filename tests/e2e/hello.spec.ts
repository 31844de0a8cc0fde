import { expect, snap, test } from './fixtures';

test('the page reaches the real engine through the web host and shows its hello', async ({ page, webhost }) => {
  await page.goto(webhost.url);
  const bar = page.getByTestId('status-bar');
  await expect(bar).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('engine-version')).toHaveText('engine 0.1.0');
  // The backend the engine really chose (wasm or cpu here; webgpu/tensorflow on a GPU machine).
  await expect(page.getByTestId('engine-backend')).toContainText(/backend (tensorflow|webgpu|wasm|cpu)/);
  await snap(page, 'hello-status-bar');
});

test('without the token the page says how to get in, and the engine refuses it', async ({ page, webhost }) => {
  await page.goto(`http://127.0.0.1:${webhost.port}/`);
  await expect(page.getByTestId('engine-error')).toContainText('npm run serve');
  await page.goto(`http://127.0.0.1:${webhost.port}/?token=not-the-token`);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'failed');
  await expect(page.getByTestId('engine-error')).toContainText('could not connect');
});
