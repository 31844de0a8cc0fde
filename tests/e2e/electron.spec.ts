import { expect, snap, test } from './fixtures';

test('desktop: the window shows the engine hello through the MessagePort', async ({ page }) => {
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('engine-backend')).toContainText(/backend (tensorflow|webgpu|wasm|cpu)/);
  await expect(page.getByTestId('status-bar')).toContainText('desktop');
  await snap(page, 'hello');
});
