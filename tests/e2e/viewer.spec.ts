import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './fixtures';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
const CHEST = join(SHARED, 'dicom/samples/chest-cr-RG1_J2KI.dcm');
const NO_PIXELS = join(SHARED, 'dicom/conformance/no-pixel-data.dcm');

/** Opens a file or folder path through the in-app browser's path box, as a web-host user would. */
async function openPath(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-files').click();
  const box = page.getByTestId('path-input');
  await expect(box).toBeVisible();
  await box.fill(path);
  await page.getByTestId('path-go').click();
}

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
}

/**
 * Mean canvas brightness (0..255) in three vertical bands of the displayed image, over its middle rows:
 * right lung field (image-left), mediastinum/spine (centre), left lung field (image-right).
 * Bands are in image fractions and mapped to the canvas with the fit scale (the image is centred).
 */
async function bands(page: Page, cols: number, rows: number): Promise<{ left: number; mid: number; right: number }> {
  const scale = Number(await page.getByTestId('viewport').getAttribute('data-scale'));
  return page.evaluate(({ scale, cols, rows }) => {
    const canvas = document.querySelector('[data-testid="viewport"] canvas') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const { width: W, height: H } = canvas;
    const data = ctx.getImageData(0, 0, W, H).data;
    const x0 = (W - cols * scale) / 2;
    const y0 = (H - rows * scale) / 2;
    const mean = (fx0: number, fx1: number) => {
      let s = 0;
      let n = 0;
      for (let y = Math.round(y0 + rows * scale * 0.35); y < y0 + rows * scale * 0.65; y += 2) {
        for (let x = Math.round(x0 + cols * scale * fx0); x < x0 + cols * scale * fx1; x += 2) {
          const i = (y * W + x) * 4;
          s += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
          n++;
        }
      }
      return s / n;
    };
    return { left: mean(0.2, 0.33), mid: mean(0.45, 0.55), right: mean(0.67, 0.8) };
  }, { scale, cols, rows });
}

test('the chest CR (MONOCHROME1, JPEG 2000) opens through the in-app browser and shows bright bones; W/L, zoom, invert work', async ({ page, webhost }) => {
  await ready(page, webhost.url);
  await openPath(page, CHEST);
  const vp = page.getByTestId('viewport');
  await expect(vp).toHaveAttribute('data-image', 'chest-cr-RG1_J2KI.dcm', { timeout: 60_000 });
  await expect(vp).toHaveAttribute('data-loading', 'false');
  await expect(vp).not.toHaveAttribute('data-renders', '0');
  // MONOCHROME1 is shown inverted by default, with the file's own window.
  await expect(vp).toHaveAttribute('data-invert', 'true');
  await expect(vp).toHaveAttribute('data-ww', '30000.00');
  await expect(vp).toHaveAttribute('data-wc', '15000.00');
  await expect(page.getByTestId('file-item')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('file-item')).toContainText('CR');
  await snap(page, 'viewer-chest-cr');

  const b = await bands(page, 1841, 1955);
  console.log(`chest bands (file window): ${JSON.stringify(b)}`);
  expect(b.mid).toBeGreaterThan(b.left + 10);
  expect(b.mid).toBeGreaterThan(b.right + 10);

  // Pixel readout under the mouse: stored value and position.
  const box = (await vp.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('readout-value')).toContainText('stored');
  await expect(page.getByTestId('readout-pixel')).toContainText(/x \d+, y \d+/);

  // Window/level by drag.
  const ww0 = await vp.getAttribute('data-ww');
  const wc0 = await vp.getAttribute('data-wc');
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  await expect(vp).not.toHaveAttribute('data-ww', ww0!);
  await expect(vp).not.toHaveAttribute('data-wc', wc0!);
  expect(Number(await vp.getAttribute('data-ww'))).toBeLessThan(30000);

  // Presets: the lung window from the histogram.
  await page.getByTestId('preset-select').selectOption('lung');
  const lungWw = Number(await vp.getAttribute('data-ww'));
  expect(lungWw).toBeGreaterThan(100);
  expect(lungWw).toBeLessThan(30000);
  await snap(page, 'viewer-chest-cr-lung-window');
  // Back to the file's window for the brightness checks below.
  await page.keyboard.press('1');
  await expect(vp).toHaveAttribute('data-ww', '30000.00');

  // Zoom by button and by wheel.
  const s0 = Number(await vp.getAttribute('data-scale'));
  await page.getByTestId('btn-zoomIn').click();
  await expect.poll(async () => Number(await vp.getAttribute('data-scale'))).toBeGreaterThan(s0 * 1.2);
  const s1 = Number(await vp.getAttribute('data-scale'));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await expect.poll(async () => Number(await vp.getAttribute('data-scale'))).toBeLessThan(s1);
  await page.keyboard.press('f');
  await expect.poll(async () => Number(await vp.getAttribute('data-scale'))).toBeCloseTo(s0, 3);

  // Rotate and flip, then reset.
  await page.keyboard.press('r');
  await expect(vp).toHaveAttribute('data-rotation', '90');
  await page.keyboard.press('h');
  await expect(vp).toHaveAttribute('data-hflip', 'true');
  await page.keyboard.press('0');
  await expect(vp).toHaveAttribute('data-rotation', '0');
  await expect(vp).toHaveAttribute('data-hflip', 'false');

  // Invert flips the picture: the mediastinum becomes darker than the lungs.
  await page.keyboard.press('i');
  await expect(vp).toHaveAttribute('data-invert', 'false');
  await page.waitForTimeout(100);
  const inv = await bands(page, 1841, 1955);
  console.log(`chest bands (inverted): ${JSON.stringify(inv)}`);
  expect(inv.mid).toBeLessThan(inv.left - 10);
  expect(inv.mid).toBeLessThan(inv.right - 10);
  await snap(page, 'viewer-chest-cr-inverted');

  // Help lists the shortcuts.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Invert');
});

test('a file without pixel data shows a clear error naming it, never a blank canvas', async ({ page, webhost }) => {
  await ready(page, webhost.url);
  // A good image first: after the bad one, its picture must not linger behind the error.
  await openPath(page, join(SHARED, 'dicom/samples/dx_image.dcm'));
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image', 'dx_image.dcm', { timeout: 30_000 });
  await expect(page.getByTestId('viewport')).toBeVisible();
  await openPath(page, NO_PIXELS);
  const err = page.getByTestId('viewer-error');
  await expect(err).toBeVisible({ timeout: 30_000 });
  await expect(err).toContainText('no-pixel-data.dcm');
  await expect(err).toContainText(/pixel data/i);
  await expect(page.getByTestId('file-item').filter({ hasText: 'no-pixel-data.dcm' })).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('viewport')).toBeHidden();
  await snap(page, 'viewer-bad-file');
});

test('open folder through the in-app browser scans it and lists the images; a typo gives an error in words', async ({ page, webhost }) => {
  await ready(page, webhost.url);
  await openPath(page, join(SHARED, 'dicom/nope-typo'));
  await expect(page.getByTestId('browser-error')).toContainText('nope-typo');
  await page.getByTestId('path-input').fill(join(SHARED, 'dicom/samples'));
  await page.getByTestId('path-go').click();
  await expect(page.getByTestId('browser-entry').filter({ hasText: 'dx_image.dcm' })).toBeVisible();
  await page.getByTestId('browser-open-folder').click();
  await expect(page.getByTestId('file-notice')).toContainText('image files found');
  await expect(page.getByTestId('file-item')).toHaveCount(6);
  // The small DX opens when clicked.
  await page.getByTestId('file-item').filter({ hasText: 'dx_image.dcm' }).click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image', 'dx_image.dcm', { timeout: 30_000 });
  await expect(page.getByTestId('file-item').filter({ hasText: 'dx_image.dcm' })).toContainText('DX');
  await snap(page, 'viewer-folder-dx');
});
