/**
 * The learning loop from the UI, in Chromium through the web host against the real engine: a workspace whose
 * clinicians accepted 8 lesion masks (seeded with the engine's Workspace API before the UI opens it: the
 * phantoms' true masks, standing in for a clinician's accepted work), then in the app: "Train segmenter" with
 * progress and a loss plot, "Proposals from: Segmenter", "Propose all", the worklist ordered most
 * doubtful first with each image's doubt shown, and the most doubtful proposal accepted (Enter) and stored as
 * the segmenter's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Workspace } from '../../engine/src/workspace/workspace';
import { runCli } from '../helpers/cli';
import { expect, snap, test } from './fixtures';

interface PhantomImage { file: string; label: 'normal' | 'abnormal' }

const temps: string[] = [];
test.afterEach(({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function readPngMask(file: string): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(readFileSync(file));
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * 4]! > 127 ? 1 : 0;
  return { width: png.width, height: png.height, data };
}

test('accept masks, train the segmenter from the panel, propose with it, order the worklist by doubt, review one', async ({ page, appUrl }) => {
  test.setTimeout(900_000);
  const base = mkdtempSync(join(tmpdir(), 'taggan-e2e-seg-'));
  temps.push(base);
  const phantom = join(base, 'phantom');
  const r = await runCli(['phantom', '--out', phantom, '--count', '14', '--seed', 'ui-seg', '--size', '256', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const images = (JSON.parse(r.stdout) as { images: PhantomImage[] }).images;
  const wsDir = join(base, 'ws');
  const ws = Workspace.init(wsDir, { actor: 'dr-seed' });
  const added = (await ws.addImages(images.map((i) => join(phantom, i.file)))).added;
  const idOf = new Map(added.map((a) => [a.path.split('/').pop()!, a.id]));
  let accepted = 0;
  images.forEach((im, i) => {
    const id = idOf.get(im.file)!;
    ws.setLabel(id, im.label);
    if (i < 8 && im.label === 'abnormal') {
      ws.saveAnnotation({ imageId: id, mask: readPngMask(join(phantom, 'masks', im.file.replace('.dcm', '.png'))), status: 'accepted' });
      accepted++;
    }
  });
  ws.close();
  expect(accepted).toBeGreaterThan(1);

  if (appUrl) await page.goto(appUrl);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await page.getByTestId('ws-path').fill(wsDir);
  await page.getByTestId('ws-open').click();
  await expect(page.getByTestId('workspace-dir')).toContainText(wsDir, { timeout: 30_000 });

  await expect(page.getByTestId('segmenter-panel')).toBeVisible();
  await expect(page.getByTestId('seg-line')).toContainText('none yet');
  await expect(page.getByTestId('seg-train')).toContainText(`(${accepted} masks)`);
  await expect(page.locator('[data-testid="proposal-model"] option[value="segmenter"]')).toBeDisabled();
  await page.getByTestId('seg-steps').fill('40');
  await page.getByTestId('seg-train').click();
  await expect(page.getByTestId('seg-progress')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('seg-loss-plot')).toBeVisible({ timeout: 300_000 });
  await expect(page.getByTestId('seg-result')).toContainText('Trained in', { timeout: 600_000 });
  await expect(page.getByTestId('seg-line')).toContainText(`segmenter@40-`);
  await expect(page.getByTestId('seg-line')).toContainText(`${accepted} masks`);
  await snap(page, 'segmenter-1-trained');

  await page.getByTestId('proposal-model').selectOption('segmenter');
  await expect(page.getByTestId('seg-error')).toHaveCount(0);
  await page.getByTestId('propose-all').click();
  await expect(page.getByTestId('propose-result')).toContainText('with segmenter@40-', { timeout: 300_000 });
  await page.getByTestId('worklist-order').selectOption('doubt');
  const doubts = page.getByTestId('doubt');
  await expect(doubts.first()).toBeVisible();
  const values = (await doubts.allTextContents()).map((t) => Number(t.replace('doubt ', '')));
  expect(values.length).toBeGreaterThan(3);
  expect([...values].sort((a, b) => b - a), 'most doubtful first').toEqual(values);
  await snap(page, 'segmenter-2-doubt-order');

  // Review: the most doubtful image that has a segmenter proposal waiting, accepted with Enter.
  const waiting = page.locator('[data-testid="worklist-item"][data-status="proposed"]').first();
  const reviewedId = Number(await waiting.getAttribute('data-id'));
  await waiting.click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-loading', 'false', { timeout: 30_000 });
  await expect(page.getByTestId('review-model'), 'the proposal under review is the segmenter\'s').toContainText('model segmenter@40-');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('save-state')).toContainText('accepted');
  await expect(page.locator(`[data-testid="worklist-item"][data-id="${reviewedId}"]`)).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('seg-train'), 'the accepted mask counts for the next segmenter').toContainText(`(${accepted + 1} masks)`);
  await snap(page, 'segmenter-3-reviewed');
  // The choice is the workspace's: it is still there after the page is loaded again and the workspace reopened.
  if (appUrl) {
    await page.goto(appUrl);
    await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await page.getByTestId('ws-path').fill(wsDir);
    await page.getByTestId('ws-open').click();
    await expect(page.getByTestId('workspace-dir')).toContainText(wsDir, { timeout: 30_000 });
    await expect(page.getByTestId('proposal-model')).toHaveValue('segmenter');
    await expect(page.getByTestId('seg-line')).toContainText('segmenter@40-');
  }
});
