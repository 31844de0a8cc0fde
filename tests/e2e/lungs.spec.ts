import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, snap, test } from './fixtures';

const ROOT = join(import.meta.dirname, '..', '..');
const SHARED = join(ROOT, '..', 'shared');
const CHEST = join(SHARED, 'dicom/samples/chest-cr-RG1_J2KI.dcm');

test('the viewer shows the lung-field outline of the MONOCHROME1 chest CR (toolbar toggle and Shift+L)', async ({ page, webhost }) => {
  test.skip(!existsSync(join(ROOT, 'models', 'lungs', 'metadata.json')), 'no lung model in models/lungs');
  test.skip(!existsSync(CHEST), `no ${CHEST}`);
  await page.goto(webhost.url);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await page.getByTestId('open-files').click();
  await page.getByTestId('path-input').fill(CHEST);
  await page.getByTestId('path-go').click();
  const vp = page.getByTestId('viewport');
  await expect(vp).toHaveAttribute('data-image', 'chest-cr-RG1_J2KI.dcm', { timeout: 60_000 });
  await expect(vp).toHaveAttribute('data-loading', 'false');

  const btn = page.getByTestId('btn-lungs');
  await expect(btn).toHaveAttribute('aria-pressed', 'false');
  await btn.click();
  await expect(btn).toHaveAttribute('aria-pressed', 'true');
  const overlay = page.getByTestId('lung-overlay');
  await expect(overlay).toHaveAttribute('data-size', '1841x1955', { timeout: 90_000 });
  const fraction = Number(await overlay.getAttribute('data-fraction'));
  expect(fraction).toBeGreaterThan(0.15);
  expect(fraction).toBeLessThan(0.6);

  // The outline is drawn: outline-coloured pixels on the overlay canvas, in both halves of the image.
  const painted = async () => page.evaluate(() => {
    const c = document.querySelector('[data-testid="lung-overlay"]') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let left = 0;
    let right = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3]! > 0 && d[i]! > 200 && d[i + 2]! < 60) ((i / 4) % c.width < c.width / 2 ? left++ : right++);
    }
    return { left, right };
  });
  await expect.poll(async () => Math.min(...Object.values(await painted())), { timeout: 10_000 }).toBeGreaterThan(50);
  await snap(page, 'viewer-lungs');

  // Zooming redraws the outline with the image.
  const before = await painted();
  await page.getByTestId('btn-zoomIn').click();
  await expect.poll(async () => (await painted()).left + (await painted()).right, { timeout: 10_000 }).not.toBe(before.left + before.right);

  // Shift+L hides it again.
  await page.keyboard.press('Shift+L');
  await expect(btn).toHaveAttribute('aria-pressed', 'false');
  await expect(overlay).toHaveCount(0);
});
