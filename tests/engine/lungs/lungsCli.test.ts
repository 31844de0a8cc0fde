/**
 * The lung-field model through the real CLI, with the shipped models/lungs: `taggan lungs` on DICOM and PNG,
 * `taggan tag --method lungs` (the whole-lung baseline), and the lung prior on `taggan tag` (on by default,
 * off with --no-lung-prior).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readMaskPng } from '../../../engine/src/export/maskPng';
import { dilate } from '../../../engine/mask/dilate';
import { ROOT, SHARED, runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-lungs-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const MODEL = join(ROOT, 'models', 'lungs');
const CHEST = join(SHARED, 'dicom', 'samples', 'chest-cr-RG1_J2KI.dcm');
const NIH = join(SHARED, 'data', 'nih-cxr', 'normal', '00001280_004.png');
const COVID = join(SHARED, 'data', 'covid-qu', 'val', 'covid', 'covid-00020.png');
const PHANTOM_MODEL = join(ROOT, 'tests', 'fixtures', 'models', 'phantom-quick');

function mask(file: string): { width: number; height: number; data: Uint8Array; area: number } {
  const m = readMaskPng(readFileSync(file), file);
  let area = 0;
  for (let i = 0; i < m.data.length; i++) area += m.data[i]!;
  return { ...m, area };
}

function missing(...paths: string[]): string | undefined {
  const m = paths.find((p) => !existsSync(p));
  return m ? `not here: ${m}` : undefined;
}

test('taggan lungs writes STEM.lungs.png at each input size (MONOCHROME1 CR DICOM, PNG) and lungs.json', async (t) => {
  const why = missing(join(MODEL, 'metadata.json'), CHEST, NIH);
  if (why) return t.skip(why);
  const out = join(tmp, 'lungs');
  const r = await runCli(['lungs', CHEST, NIH, '--out', out, '--backend', 'wasm'], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[0]!, /^backend: wasm/);
  const cr = mask(join(out, 'chest-cr-RG1_J2KI.lungs.png'));
  assert.deepEqual([cr.width, cr.height], [1841, 1955]);
  const png = mask(join(out, '00001280_004.lungs.png'));
  assert.deepEqual([png.width, png.height], [512, 512]);
  const report = JSON.parse(readFileSync(join(out, 'lungs.json'), 'utf8'));
  assert.equal(report.images.length, 2);
  assert.match(report.model, /^lungs@\d+-[0-9a-f]{10}$/);
  for (const im of report.images) assert.ok(im.fraction > 0.15 && im.fraction < 0.6, `${im.stem}: lung fraction ${im.fraction}`);
  assert.ok(Math.abs(report.images[0].fraction - cr.area / (1841 * 1955)) < 1e-6, 'the PNG holds what lungs.json says');
  const raw = readFileSync(join(out, 'chest-cr-RG1_J2KI.lungs.png'));
  assert.ok(raw.length > 0);
});

test('taggan lungs: a bad input is reported by name and the rest are written; usage errors exit 2', async (t) => {
  const why = missing(join(MODEL, 'metadata.json'), NIH);
  if (why) return t.skip(why);
  const out = join(tmp, 'bad');
  const r = await runCli(['lungs', NIH, join(tmp, 'no-such.dcm'), '--out', out, '--backend', 'wasm']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no-such\.dcm/);
  assert.ok(existsSync(join(out, '00001280_004.lungs.png')));
  const u = await runCli(['lungs', NIH]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /--out DIR is required/);
  const m = await runCli(['lungs', NIH, '--out', out, '--model', PHANTOM_MODEL, '--backend', 'wasm']);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /not a lung-field model/);
});

test('taggan tag --method lungs proposes the lung field itself (same mask as taggan lungs), recorded in proposals.json', async (t) => {
  const why = missing(join(MODEL, 'metadata.json'), COVID);
  if (why) return t.skip(why);
  const out = join(tmp, 'tag-lungs');
  const r = await runCli(['tag', COVID, '--method', 'lungs', '--out', out, '--backend', 'wasm', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.method, 'lungs');
  assert.match(report.model, /^lungs@/);
  assert.deepEqual(report.lungPrior, { model: report.model, margin: 0 });
  const tagged = mask(join(out, 'covid-00020.mask.png'));
  const l = await runCli(['lungs', COVID, '--out', join(tmp, 'cmp'), '--backend', 'wasm']);
  assert.equal(l.code, 0, l.stderr);
  assert.deepEqual(tagged.data, mask(join(tmp, 'cmp', 'covid-00020.lungs.png')).data);
  assert.ok(tagged.area > 0.08 * 256 * 256 && tagged.area < 0.6 * 256 * 256, `lung field ${tagged.area} px (this film: small lungs in a wide frame)`);
  const bad = await runCli(['tag', COVID, '--method', 'lungs', '--no-lung-prior', '--out', out]);
  assert.equal(bad.code, 2);
});

test('taggan tag keeps the proposal inside the lung fields by default; --no-lung-prior lets it out', async (t) => {
  const why = missing(join(MODEL, 'metadata.json'), NIH, join(PHANTOM_MODEL, 'metadata.json'));
  if (why) return t.skip(why);
  // The phantom model on a real radiograph at a low manual threshold: its map lights up all over the image.
  const common = [NIH, '--model', PHANTOM_MODEL, '--threshold', '0.01', '--backend', 'wasm', '--json'];
  const withPrior = await runCli(['tag', ...common, '--out', join(tmp, 'prior')]);
  assert.equal(withPrior.code, 0, withPrior.stderr);
  const without = await runCli(['tag', ...common, '--no-lung-prior', '--out', join(tmp, 'noprior')]);
  assert.equal(without.code, 0, without.stderr);
  const rp = JSON.parse(withPrior.stdout);
  const rn = JSON.parse(without.stdout);
  assert.match(rp.lungPrior.model, /^lungs@/);
  assert.equal(rp.lungPrior.margin, 0.03);
  assert.equal(rn.lungPrior, null);
  assert.ok(rp.notes.some((n: string) => /calibrated without the lung prior/.test(n)), 'the fixture was calibrated without the prior: said so');

  const lungsOut = join(tmp, 'nih-lungs');
  assert.equal((await runCli(['lungs', NIH, '--out', lungsOut, '--backend', 'wasm'])).code, 0);
  const lungs = mask(join(lungsOut, '00001280_004.lungs.png'));
  // margin 0.03 of 512 = 15 px, plus one cell of the 64 px model grid (8 px) for the bilinear upsampling.
  const grown = dilate(lungs.data, 512, 512, 2 * (15 + 8 + 2) + 1);
  const p = mask(join(tmp, 'prior', '00001280_004.mask.png'));
  const n = mask(join(tmp, 'noprior', '00001280_004.mask.png'));
  let outsideP = 0;
  let outsideN = 0;
  for (let i = 0; i < grown.length; i++) {
    if (!grown[i] && p.data[i]) outsideP++;
    if (!grown[i] && n.data[i]) outsideN++;
  }
  assert.equal(outsideP, 0, 'with the prior nothing is proposed outside the grown lung fields');
  assert.ok(outsideN > 1000, `without it the map proposes outside the lungs (${outsideN} px)`);
  assert.ok(p.area > 0, 'something is proposed inside');
});
