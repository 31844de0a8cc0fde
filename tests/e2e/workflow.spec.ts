/**
 * The annotation workflow end to end, in Chromium through the web host against the real engine, on phantom
 * chest radiographs generated at test time with the real CLI:
 *  1. create a workspace, import a folder, tag normal/abnormal with keys, navigate, help, "Propose all";
 *  2. review stored proposals: move the threshold, reject a region by clicking it, paint, undo, redo,
 *     accept, export PNG + SEG; the exported PNG equals the UI's mask and the stored annotation, and the
 *     SEG passes dciodvfy;
 *  3. the same loop on proposals made by the real model through proposal.run (needs the committed test model).
 * Test 2 stores its proposals itself (the engine's Workspace API, before the UI opens the workspace): the maps
 * are the phantom's true lesions blurred plus one false-positive blob, standing in for the GAN's output only
 * so that the review UI can be tested before the model lands; nothing in the UI is replaced.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { proposeMask } from '../../engine/mask/proposeMask';
import { Workspace } from '../../engine/src/workspace/workspace';
import { runCli } from '../helpers/cli';
import { expect, ROOT, snap, test } from './fixtures';

const DCIODVFY = '/usr/bin/dciodvfy';

/** Temporary folders of this file's tests, removed when they have run (kept when a test failed, to look at). */
const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
test.afterEach(({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  else if (temps.length) console.log(`kept for a look: ${temps.splice(0).join(', ')}`);
});
const MODELS = join(ROOT, 'tests', 'fixtures', 'models');
/** The small real model `taggan train --quick` makes for tests (committed by the model work), if it is there yet. */
function modelFixture(): string | null {
  if (!existsSync(MODELS)) return null;
  const dir = readdirSync(MODELS).map((d) => join(MODELS, d)).find((d) => existsSync(join(d, 'metadata.json')));
  return dir ?? null;
}

interface PhantomImage { file: string; label: 'normal' | 'abnormal'; width: number; height: number; lesions: number; maskArea: number }

async function makePhantom(count: number, seed: string): Promise<{ dir: string; images: PhantomImage[] }> {
  const dir = tempDir('taggan-e2e-phantom-');
  const r = await runCli(['phantom', '--out', dir, '--count', String(count), '--seed', seed, '--size', '256', '--json']);
  if (r.code !== 0) throw new Error(`taggan phantom failed: ${r.stderr}`);
  return { dir, images: (JSON.parse(r.stdout) as { images: PhantomImage[] }).images };
}

/** The app is up: the web host's page loaded (url), or the Electron window (null: it loads itself). */
async function ready(page: Page, url: string | null): Promise<void> {
  if (url) await page.goto(url);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
}

async function openWorkspace(page: Page, dir: string, create: boolean): Promise<void> {
  await page.getByTestId('ws-path').fill(dir);
  await page.getByTestId(create ? 'ws-create' : 'ws-open').click();
  await expect(page.getByTestId('workspace-dir')).toContainText(dir, { timeout: 30_000 });
}

function item(page: Page, id: number) {
  return page.locator(`[data-testid="worklist-item"][data-id="${id}"]`);
}

/** Mask of a PNG (0/255 -> 0/1). */
function readPngMask(file: string): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(readFileSync(file));
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) {
    const v = png.data[i * 4]!;
    if (v !== 0 && v !== 255) throw new Error(`${file}: pixel ${i} is ${v}, not 0/255`);
    data[i] = v ? 1 : 0;
  }
  return { width: png.width, height: png.height, data };
}

/** Page position of image pixel (x, y) in the viewport (no rotation/flip; the image is centred by cornerstone). */
async function pagePoint(page: Page, x: number, y: number, cols: number, rows: number): Promise<{ x: number; y: number }> {
  const vp = page.getByTestId('viewport');
  const scale = Number(await vp.getAttribute('data-scale'));
  const box = (await vp.boundingBox())!;
  return { x: box.x + (box.width - cols * scale) / 2 + (x + 0.5) * scale, y: box.y + (box.height - rows * scale) / 2 + (y + 0.5) * scale };
}

/**
 * Import… -> pick every .dcm of `dir` -> the worklist lists them. In the web host through the in-app browser;
 * in Electron through the native dialog, which the test answers in the main process (Playwright cannot click
 * OS dialogs).
 */
async function importDicoms(page: Page, dir: string, n: number, app: ElectronApplication | null = null): Promise<void> {
  if (app) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => join(dir, f));
    await app.evaluate(({ dialog }, filePaths) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths })) as typeof dialog.showOpenDialog;
    }, files);
    await page.getByTestId('ws-import').click();
    await expect(page.getByTestId('worklist-item')).toHaveCount(n, { timeout: 60_000 });
    return;
  }
  await page.getByTestId('ws-import').click();
  const dcm = page.locator('[data-testid="browser-entry"][data-name$=".dcm"]');
  // The browser's own first listing (home) can still land after a typed path on a loaded machine (seen in CI;
  // noted as an open UI race), so go to the folder again until it is shown.
  await expect(async () => {
    await page.getByTestId('path-input').fill(dir);
    await page.getByTestId('path-go').click();
    await expect(dcm).toHaveCount(n, { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  for (let k = 0; k < n; k++) await dcm.nth(k).click();
  await page.getByTestId('browser-open-files').click();
  await expect(page.getByTestId('worklist-item')).toHaveCount(n, { timeout: 60_000 });
}

/** Tags every worklist image with its phantom label by keyboard: n / a, then j to the next one. */
async function tagWithKeys(page: Page, images: PhantomImage[]): Promise<void> {
  const items = page.getByTestId('worklist-item');
  await items.first().click();
  for (let k = 0; k < images.length; k++) {
    await page.keyboard.press(images[k]!.label === 'normal' ? 'n' : 'a');
    await expect(items.nth(k)).toHaveAttribute('data-label', images[k]!.label);
    if (k < images.length - 1) await page.keyboard.press('j');
  }
}

const maskArea = async (page: Page) => Number(await page.getByTestId('mask-overlay').getAttribute('data-mask-area'));
const savedVersion = async (page: Page) => Number(await page.getByTestId('save-state').getAttribute('data-saved-version'));

/**
 * Review -> edit -> accept -> export on the selected image (which has a proposal with a map and `minRegions`
 * regions). Returns the mask area the UI showed when accepting.
 */
async function reviewEditExport(page: Page, o: { imageId: number; cols: number; rows: number; rejectAt?: { x: number; y: number }; paintAt: { x: number; y: number }; outDir: string; prefix: string }): Promise<number> {
  const overlay = page.getByTestId('mask-overlay');
  await expect(page.getByTestId('threshold')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => Number(await overlay.getAttribute('data-regions'))).toBeGreaterThan(0);
  await snap(page, `${o.prefix}-1-proposal`);

  // The healthy counterpart (image - map) toggles with g, then back.
  await page.keyboard.press('g');
  await expect(overlay).toHaveAttribute('data-healthy', 'shown', { timeout: 30_000 });
  await snap(page, `${o.prefix}-2-healthy`);
  await page.keyboard.press('g');

  // Move the threshold: the mask is recomputed in the renderer from the stored map.
  // What shows first is the AI-original as stored; the slider re-thresholds the stored map. Put the slider
  // on its own value first (that re-thresholds), then move it away and back: the same mask comes back.
  const slider = page.getByTestId('threshold');
  const t0 = Number(await slider.inputValue());
  await slider.fill(String(t0));
  await expect(page.getByTestId('recompute-ms')).toBeVisible();
  const a0 = await maskArea(page);
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(Math.min(max * 0.9, t0 * 1.5)));
  await expect.poll(() => maskArea(page)).not.toBe(a0);
  // The overlay repaints only where the mask changed: what it painted must still be the whole mask.
  await expect.poll(async () => Number(await overlay.getAttribute('data-layer-area'))).toBe(await maskArea(page));
  await expect(page.getByTestId('screen-ms')).toBeVisible();
  const recompute = await page.getByTestId('recompute-ms').textContent();
  console.log(`threshold ${t0.toFixed(3)} -> ${(await slider.inputValue())}: mask ${a0} -> ${await maskArea(page)} px (${recompute})`);
  await slider.fill(String(t0));
  await expect.poll(() => maskArea(page)).toBe(a0);
  await expect.poll(async () => Number(await overlay.getAttribute('data-layer-area'))).toBe(a0);
  await snap(page, `${o.prefix}-3-threshold`);

  // Reject one region: click it on the image when we know where it is, else in the list.
  const regions = page.getByTestId('region');
  const nRegions = await regions.count();
  if (o.rejectAt) {
    // Hovering shows the pixel readout, which may wrap to a second line and re-fit the image: hover first, wait
    // until the point under the pointer stops moving, then click where the region is now.
    const at = () => pagePoint(page, o.rejectAt!.x, o.rejectAt!.y, o.cols, o.rows);
    let p = await at();
    await page.mouse.move(p.x, p.y);
    await expect(page.getByTestId('readout-value')).toBeVisible();
    await expect.poll(async () => {
      const q = await at();
      const still = Math.abs(q.x - p.x) < 0.5 && Math.abs(q.y - p.y) < 0.5;
      if (!still) await page.mouse.move(q.x, q.y);
      p = q;
      return still;
    }).toBe(true);
    await page.mouse.click(p.x, p.y);
  } else {
    await regions.last().click();
  }
  await expect(overlay).toHaveAttribute('data-rejected', '1');
  await expect(page.locator('[data-testid="region"][data-rejected="true"]')).toHaveCount(1);
  const afterReject = await maskArea(page);
  expect(afterReject).toBeLessThan(a0);
  console.log(`${nRegions} regions; rejecting one: mask ${a0} -> ${afterReject} px`);
  await snap(page, `${o.prefix}-4-region-rejected`);

  // Paint with the brush (b), radius 4, a short stroke away from the lesions.
  await page.keyboard.press('b');
  await expect(page.getByTestId('tool-brush')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('brush-radius').fill('4');
  await page.getByTestId('brush-radius').press('Tab');
  const s = await pagePoint(page, o.paintAt.x, o.paintAt.y, o.cols, o.rows);
  const e = await pagePoint(page, o.paintAt.x + 20, o.paintAt.y, o.cols, o.rows);
  await page.mouse.move(s.x, s.y);
  await page.mouse.down();
  await page.mouse.move(e.x, e.y, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => maskArea(page)).toBeGreaterThan(afterReject);
  const painted = await maskArea(page);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const v1 = await savedVersion(page);
  expect(v1).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('save-state')).toContainText('edited');
  await expect(item(page, o.imageId)).toHaveAttribute('data-status', 'edited');
  await snap(page, `${o.prefix}-5-painted`);

  // Undo and redo, each saved (a new version acknowledged by the engine).
  await page.keyboard.press('Control+z');
  await expect.poll(() => maskArea(page)).toBe(afterReject);
  await expect.poll(() => savedVersion(page)).toBe(v1 + 1);
  await snap(page, `${o.prefix}-6-undo`);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => maskArea(page)).toBe(painted);
  await expect.poll(() => savedVersion(page)).toBe(v1 + 2);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await snap(page, `${o.prefix}-7-redo`);

  // Accept (Enter): saved with status accepted.
  await page.keyboard.press('b'); // brush off again
  await expect(page.getByTestId('tool-brush')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('save-state')).toContainText('accepted');
  await expect(item(page, o.imageId)).toHaveAttribute('data-status', 'accepted');
  await snap(page, `${o.prefix}-8-accepted`);

  // Export PNG + SEG of the accepted image.
  await page.getByTestId('ws-export').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await page.getByTestId('export-format-seg').check();
  await page.getByTestId('export-dir').fill(o.outDir);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-summary')).toHaveAttribute('data-exported', '1');
  await snap(page, `${o.prefix}-9-exported`);
  await page.getByTestId('export-close').click();
  await expect(item(page, o.imageId)).toHaveAttribute('data-status', 'exported');
  return painted;
}

/**
 * Closes the workspace in the UI and waits until the engine has released it: the UI clears the workspace bar
 * (and shows the open field) only after the engine acknowledged workspace.close. The full-loop test used to
 * open the workspace from the test right after the click, racing the engine (WORKSPACE_IN_USE under load).
 */
async function closeWorkspace(page: Page): Promise<void> {
  await page.getByTestId('ws-close').click();
  await expect(page.getByTestId('workspace-dir')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('ws-path')).toBeVisible();
}

/** Checks the export folder against the UI's mask area and the stored annotation (read after the UI closed the workspace). */
function checkExport(wsDir: string, outDir: string, imageId: number, uiArea: number): void {
  const stem = `img${String(imageId).padStart(6, '0')}`;
  const png = readPngMask(join(outDir, 'masks', `${stem}.png`));
  const area = png.data.reduce((a, b) => a + b, 0);
  expect(area, 'exported PNG has the mask the UI showed').toBe(uiArea);
  const ws = Workspace.open(wsDir);
  try {
    const a = ws.latestAnnotation(imageId)!;
    expect(a.record.status).toBe('exported');
    expect([a.mask.width, a.mask.height]).toEqual([png.width, png.height]);
    expect(Buffer.from(a.mask.data).equals(Buffer.from(png.data)), 'exported PNG equals the stored annotation').toBe(true);
    const versions = ws.annotationVersions(imageId);
    expect(versions.map((v) => v.status)).toEqual(['edited', 'edited', 'edited', 'accepted', 'exported']);
    expect(versions.every((v) => v.origin === 'semiautomatic')).toBe(true);
    const p = ws.latestProposal(imageId)!;
    expect(Buffer.from(p.mask.data).equals(Buffer.from(a.mask.data)), 'the AI-original proposal stays untouched').toBe(false);
  } finally {
    ws.close();
  }
  const seg = join(outDir, 'seg', `${stem}.seg.dcm`);
  expect(existsSync(seg)).toBe(true);
  if (existsSync(DCIODVFY)) {
    const r = spawnSync(DCIODVFY, [seg], { encoding: 'utf8' });
    const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('Error'));
    expect(errors, `dciodvfy ${seg}`).toEqual([]);
  } else console.log(`SKIPPED dciodvfy check: ${DCIODVFY} not installed (apt install dicom3tools)`);
}

test('create a workspace, import a folder, tag with keys, navigate, help; the default model proposes with its caveat shown', async ({ page, appUrl, electronApp }) => {
  const { dir: phantom, images } = await makePhantom(6, 'ui-1');
  const wsDir = join(tempDir('taggan-e2e-ws-'), 'new-ws');
  await ready(page, appUrl);
  await openWorkspace(page, wsDir, true);
  await expect(page.getByTestId('worklist')).toContainText('No images yet');

  // Import the six phantom DICOMs through the in-app browser (picked there; the folder also holds the true-mask PNGs).
  await importDicoms(page, phantom, images.length, electronApp);
  await expect(page.getByTestId('ws-notice')).toContainText('6 images added');
  await expect(page.getByTestId('thumb')).toHaveCount(6, { timeout: 60_000 });
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image', 'phantom-0001.dcm', { timeout: 30_000 });
  await snap(page, 'workflow-1-imported');

  // Tag every image with one key each (n / a), moving on with j.
  const items = page.getByTestId('worklist-item');
  await tagWithKeys(page, images);
  // u = uncertain, then back.
  await page.keyboard.press('u');
  await expect(items.nth(5)).toHaveAttribute('data-label', 'uncertain');
  await page.keyboard.press(images[5]!.label === 'normal' ? 'n' : 'a');
  await expect(items.nth(5)).toHaveAttribute('data-label', images[5]!.label);
  await expect(page.getByTestId('progress-labelled')).toHaveAttribute('data-done', '6');
  const abnormal = images.filter((i) => i.label === 'abnormal').length;
  await page.getByTestId('filter-label').selectOption('abnormal');
  await expect(items).toHaveCount(abnormal);
  await page.getByTestId('filter-label').selectOption('');
  await snap(page, 'workflow-2-tagged');

  // Help lists the workflow keys next to the viewer's.
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Label the image uncertain');
  await expect(page.getByTestId('shortcut-help')).toContainText('Undo the last stroke');
  await expect(page.getByTestId('shortcut-help')).toContainText('Invert');
  await page.waitForTimeout(300);
  await snap(page, 'workflow-3-help');
  await page.keyboard.press('?');

  // Propose all: no model in this workspace yet, so the shipped default model answers, and its caveat is shown
  // beside it (a CPU model that localises only part of the lesions); any error would be shown in words.
  await expect(page.getByTestId('model-line')).toContainText('default@');
  await expect(page.getByTestId('model-caveat')).toContainText('localises only part of the lesions');
  await expect(page.getByTestId('propose-all')).toContainText(`(${abnormal})`);
  await page.getByTestId('propose-all').click();
  const answered = page.getByTestId('propose-error').or(page.getByTestId('propose-result'));
  await expect(answered).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('propose-result')).toContainText(/proposed with default@/);
  // The reviewer sees the caveat with the proposal itself, not only in the model section.
  await expect(page.getByTestId('proposal-caveat')).toContainText('an empty proposal from it says nothing about the image', { timeout: 30_000 });
  console.log(`propose-all with the default model: ${await answered.textContent()}`);
  await snap(page, 'workflow-4-propose-default-model');
});

test('review stored proposals: threshold, reject a region by clicking it, brush, undo, redo, accept, export PNG + SEG', async ({ page, appUrl, electronApp }) => {
  const { dir: phantom, images } = await makePhantom(6, 'ui-2');
  const base = tempDir('taggan-e2e-ws-');
  const wsDir = join(base, 'ws');
  // Store proposals (see the file comment): blurred true lesions + one false-positive blob.
  const ws = Workspace.init(wsDir, { actor: 'e2e-seed' });
  const added = (await ws.addImages(images.map((i) => join(phantom, i.file)))).added;
  const idOf = new Map(added.map((a) => [a.path.split('/').pop()!, a.id]));
  let target: { id: number; fp: { x: number; y: number }; paint: { x: number; y: number }; w: number; h: number } | null = null;
  for (const im of images) {
    const id = idOf.get(im.file)!;
    ws.setLabel(id, im.label);
    if (im.label !== 'abnormal') continue;
    const truth = readPngMask(join(phantom, 'masks', im.file.replace('.dcm', '.png')));
    const { width: w, height: h } = truth;
    const map = new Float32Array(w * h);
    const R = 4;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0, n = 0;
        for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w) { s += truth.data[yy * w + xx]!; n++; }
        }
        map[y * w + x] = 0.5 * (s / n);
      }
    }
    // A false-positive blob far from every lesion pixel.
    let fp = { x: Math.round(w * 0.3), y: Math.round(h * 0.8) };
    for (const c of [[0.3, 0.8], [0.7, 0.8], [0.3, 0.25], [0.7, 0.25], [0.5, 0.9]]) {
      const cx = Math.round(w * c[0]!), cy = Math.round(h * c[1]!);
      let clear = true;
      for (let y = Math.max(0, cy - 20); y < Math.min(h, cy + 20) && clear; y++) for (let x = Math.max(0, cx - 20); x < Math.min(w, cx + 20); x++) if (truth.data[y * w + x]) { clear = false; break; }
      if (clear) { fp = { x: cx, y: cy }; break; }
    }
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const d2 = (x - fp.x) ** 2 + (y - fp.y) ** 2;
      map[y * w + x] = Math.max(map[y * w + x]!, 0.35 * Math.exp(-d2 / (2 * 5 * 5)));
    }
    const threshold = 0.15;
    const minArea = 10;
    const pm = proposeMask(map, w, h, { threshold, minArea });
    ws.saveProposal({ imageId: id, modelId: 'e2e-seeded-map', threshold, mask: { width: w, height: h, data: pm.mask }, map: { width: w, height: h, data: map }, params: { minArea }, stats: { regions: pm.regions } });
    // Paint where neither lesions nor the blob are: a point in the image's upper middle, checked clear.
    let paint = { x: Math.round(w * 0.45), y: Math.round(h * 0.12) };
    for (const c of [[0.45, 0.12], [0.2, 0.5], [0.75, 0.5], [0.45, 0.6]]) {
      const cx = Math.round(w * c[0]!), cy = Math.round(h * c[1]!);
      let clear = true;
      for (let y = cy - 8; y < cy + 8 && clear; y++) for (let x = cx - 8; x < cx + 30; x++) if (pm.mask[y * w + x]) { clear = false; break; }
      if (clear) { paint = { x: cx, y: cy }; break; }
    }
    if (!target && pm.regions.length >= 2) target = { id, fp, paint, w, h };
  }
  ws.close();
  if (!target) throw new Error('no phantom image gave two regions; change the seed');

  await ready(page, appUrl);
  await openWorkspace(page, wsDir, false);
  await expect(page.getByTestId('worklist-item')).toHaveCount(6, { timeout: 30_000 });
  // Shift+P goes to the next image with a proposal waiting.
  await page.getByTestId('worklist-item').first().click();
  await page.keyboard.press('Shift+P');
  await expect(page.locator('[data-testid="worklist-item"].selected')).toHaveAttribute('data-status', 'proposed');
  await item(page, target.id).click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-loading', 'false', { timeout: 30_000 });

  const outDir = join(base, 'export');
  const area = await reviewEditExport(page, { imageId: target.id, cols: target.w, rows: target.h, rejectAt: target.fp, paintAt: target.paint, outDir, prefix: 'workflow-review' });
  await closeWorkspace(page);
  checkExport(wsDir, outDir, target.id, area);
});

test('full loop with proposals from the real model (proposal.run)', async ({ page, appUrl, electronApp }) => {
  const model = modelFixture();
  test.fixme(!model, `waiting for the test model (tests/fixtures/models/*/metadata.json from \`taggan train --quick\`) and the proposal.run handler`);
  const { dir: phantom, images } = await makePhantom(6, 'ui-3');
  const base = tempDir('taggan-e2e-ws-');
  const wsDir = join(base, 'ws');
  await ready(page, appUrl);
  await openWorkspace(page, wsDir, true);
  // The workspace's latest model: the committed test model, as if trained here.
  cpSync(model!, join(wsDir, 'models', 'latest'), { recursive: true });
  await importDicoms(page, phantom, images.length, electronApp);
  const items = page.getByTestId('worklist-item');
  await tagWithKeys(page, images);
  await page.getByTestId('propose-all').click();
  await expect(page.getByTestId('propose-result')).toBeVisible({ timeout: 300_000 });
  await expect(page.getByTestId('model-line')).toContainText('latest@800', { timeout: 30_000 });
  await snap(page, 'workflow-model-proposed');
  // The abnormal image whose proposal has the most regions.
  const abnormalIds: number[] = [];
  for (let k = 0; k < images.length; k++) if (images[k]!.label === 'abnormal') abnormalIds.push(Number(await items.nth(k).getAttribute('data-id')));
  let best: number | null = null;
  for (const id of abnormalIds) {
    await item(page, id).click();
    await expect(page.getByTestId('threshold')).toBeVisible({ timeout: 30_000 });
    if (Number(await page.getByTestId('mask-overlay').getAttribute('data-regions')) >= 1) { best = id; break; }
  }
  expect(best, 'the model proposed at least one region on an abnormal phantom').not.toBeNull();
  const im = images[(await items.evaluateAll((els, id) => els.findIndex((e) => e.getAttribute('data-id') === String(id)), best))]!;
  const outDir = join(base, 'export');
  const area = await reviewEditExport(page, { imageId: best!, cols: im.width, rows: im.height, paintAt: { x: Math.round(im.width * 0.45), y: Math.round(im.height * 0.1) }, outDir, prefix: 'workflow-model' });
  await closeWorkspace(page);
  checkExport(wsDir, outDir, best!, area);
});

test('Training panel: train (WGAN-GP) on the tagged images with progress and a loss plot, stop, resume, then propose all', async ({ page, appUrl, electronApp }) => {
  test.setTimeout(600_000);
  const { dir: phantom, images } = await makePhantom(6, 'ui-train');
  const wsDir = join(tempDir('taggan-e2e-ws-'), 'ws');
  await ready(page, appUrl);
  await openWorkspace(page, wsDir, true);
  await importDicoms(page, phantom, images.length, electronApp);
  await tagWithKeys(page, images);

  const panel = page.getByTestId('training-panel');
  await panel.getByLabel('steps').fill('150');
  await panel.getByLabel('quick').check();
  await page.getByTestId('train-adversarial').selectOption('wgan-gp');
  await page.getByTestId('train-start').click();
  const progress = page.getByTestId('train-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 300_000 }).toBeGreaterThan(5);
  await expect(page.getByTestId('loss-plot')).toBeVisible();
  await expect(page.getByTestId('train-rate')).toContainText('images/s');
  await snap(page, 'training-1-running');
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-stopped')).toContainText(/Resume continues from the checkpoint/, { timeout: 120_000 });
  // The checkpoint really is on disk, short of the 150 steps asked for.
  const stopped = JSON.parse(readFileSync(join(wsDir, 'models', 'latest', 'metadata.json'), 'utf8')).training;
  expect(stopped.adversarial, 'the loss chosen in the panel').toBe('wgan-gp');
  const stoppedAt = stopped.step as number;
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(150);
  await snap(page, 'training-2-stopped');

  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('train-result')).toContainText('Trained to step 150', { timeout: 300_000 });
  await expect(page.getByTestId('model-line')).toContainText('latest@150');
  await snap(page, 'training-3-done');
  expect(readdirSync(join(wsDir, 'models', 'latest'))).toEqual(expect.arrayContaining(['metadata.json', 'weights.bin', 'calibration.json', 'baseline.f32']));

  await page.getByTestId('propose-all').click();
  await expect(page.getByTestId('propose-result')).toContainText(/proposed with latest@150/, { timeout: 300_000 });
  await snap(page, 'training-4-proposed');
});
