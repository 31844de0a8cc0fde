import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-eval-'));
const truth = join(tmp, 'truth');
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Row { stem: string; label: string }
let rows: Row[] = [];

function readPng(file: string): { data: Uint8Array; width: number; height: number } {
  const p = PNG.sync.read(readFileSync(file));
  const data = new Uint8Array(p.width * p.height);
  for (let i = 0; i < data.length; i++) data[i] = p.data[i * 4] >= 128 ? 1 : 0;
  return { data, width: p.width, height: p.height };
}

function writePng(file: string, mask: Uint8Array, width: number, height: number): void {
  const p = new PNG({ width, height });
  const g = Buffer.alloc(width * height);
  for (let i = 0; i < g.length; i++) g[i] = mask[i] ? 255 : 0;
  p.data = g;
  writeFileSync(file, PNG.sync.write(p, { colorType: 0, inputColorType: 0 }));
}

before(async () => {
  const r = await runCli(['phantom', '--out', truth, '--count', '4', '--seed', 'eval', '--size', '128']);
  assert.equal(r.code, 0, r.stderr);
  rows = readFileSync(join(truth, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const [file, label] = l.split(',');
    return { stem: file.replace(/\.dcm$/, ''), label };
  });
});

function predDir(name: string, make: (t: { data: Uint8Array; width: number; height: number }, row: Row) => Uint8Array): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const row of rows) {
    const t = readPng(join(truth, 'masks', `${row.stem}.png`));
    writePng(join(dir, `${row.stem}.mask.png`), make(t, row), t.width, t.height);
  }
  return dir;
}

async function evalJson(pred: string, truthArg: string) {
  const r = await runCli(['eval', '--pred', pred, '--truth', truthArg, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

test('prediction = truth gives PoI, IoU, Dice and box hit rate 1, and normals flag nothing', async () => {
  const pred = predDir('same', (t) => t.data);
  const j = await evalJson(pred, truth);
  assert.equal(j.n, 4);
  assert.equal(j.nAbnormal, 2);
  assert.equal(j.dice, 1);
  assert.equal(j.iou, 1);
  assert.equal(j.poi, 1);
  assert.equal(j.boxHit, 1);
  assert.equal(j.normalFlaggedArea, 0);
  assert.equal(j.images.length, 4);
  // the readable table
  const r = await runCli(['eval', '--pred', pred, '--truth', truth]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Dice 100\.0%/);
  assert.match(r.stdout, /images: 4 \(2 abnormal, 2 normal\)/);
});

test('a prediction shifted right by 3 px gives the Dice counted independently here', async () => {
  const shift = 3;
  const expected: number[] = [];
  const pred = predDir('shift', (t, row) => {
    const out = new Uint8Array(t.data.length);
    for (let y = 0; y < t.height; y++) for (let x = shift; x < t.width; x++) out[y * t.width + x] = t.data[y * t.width + x - shift];
    if (row.label === 'abnormal') {
      let inter = 0, a = 0, b = 0;
      for (let i = 0; i < out.length; i++) { a += out[i]; b += t.data[i]; if (out[i] && t.data[i]) inter++; }
      expected.push((2 * inter) / (a + b));
    }
    return out;
  });
  const j = await evalJson(pred, truth);
  const mean = expected.reduce((s, v) => s + v, 0) / expected.length;
  assert.ok(mean > 0.3 && mean < 1, `sanity: ${mean}`);
  assert.ok(Math.abs(j.dice - mean) < 1e-12, `eval dice ${j.dice} vs counted ${mean}`);
  assert.equal(j.normalFlaggedArea, 0);
});

test('a prediction on a normal image shows as flagged area; empty predictions give Dice 0', async () => {
  const pred = predDir('flag', (t, row) => {
    const out = new Uint8Array(t.data.length);
    if (row.label === 'normal') for (let i = 0; i < 100; i++) out[i] = 1; // 100 of 128*128 px
    return out;
  });
  const j = await evalJson(pred, truth);
  assert.equal(j.dice, 0);
  assert.equal(j.poi, null);
  assert.equal(j.boxHit, 0);
  assert.ok(Math.abs(j.normalFlaggedArea - 100 / (128 * 128)) < 1e-12);
});

test('eval against a boxes CSV: images without boxes are normal; PoI counts pixels inside the boxes', async () => {
  const dir = join(tmp, 'boxpred');
  mkdirSync(dir, { recursive: true });
  const w = 20;
  const h = 10;
  const a = new Uint8Array(w * h);
  for (let y = 2; y < 6; y++) for (let x = 2; x < 8; x++) a[y * w + x] = 1; // 24 px, 12 inside the box x<5
  writePng(join(dir, 'img1.mask.png'), a, w, h);
  writePng(join(dir, 'img2.mask.png'), new Uint8Array(w * h), w, h);
  const csv = join(tmp, 'boxes.csv');
  writeFileSync(csv, 'image,x1,y1,x2,y2\nimg1.dcm,0,0,5,10\n');
  const j = await evalJson(dir, csv);
  assert.equal(j.truth, 'boxes');
  assert.equal(j.nAbnormal, 1);
  assert.equal(j.nNormal, 1);
  assert.equal(j.poi, 12 / 24);
  assert.equal(j.dice, (2 * 12) / (24 + 50));
  assert.equal(j.boxHit, 1);
  assert.equal(j.normalFlaggedArea, 0);
});

test('missing or mismatched masks are refused with the file named', async () => {
  const dir = join(tmp, 'missing');
  mkdirSync(dir, { recursive: true });
  const first = rows[0].stem;
  for (const row of rows.slice(1)) copyFileSync(join(truth, 'masks', `${row.stem}.png`), join(dir, `${row.stem}.mask.png`));
  const r = await runCli(['eval', '--pred', dir, '--truth', truth]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`NOT_FOUND.*${first}\\.mask\\.png`));
  writePng(join(dir, `${first}.mask.png`), new Uint8Array(10 * 10), 10, 10);
  const r2 = await runCli(['eval', '--pred', dir, '--truth', truth]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /BAD_DATASET/);
  assert.match(r2.stderr, new RegExp(`${first}\\.mask\\.png.*10x10.*128x128`));
  writeFileSync(join(dir, `${first}.mask.png`), 'not a png');
  const r3 = await runCli(['eval', '--pred', dir, '--truth', truth]);
  assert.match(r3.stderr, new RegExp(`BAD_IMAGE.*${first}\\.mask\\.png`));
  const csv = join(tmp, 'bad.csv');
  writeFileSync(csv, 'ghost,0,0,5,5\n');
  const r4 = await runCli(['eval', '--pred', dir, '--truth', csv]);
  assert.match(r4.stderr, /NOT_FOUND.*ghost\.mask\.png/);
  const r5 = await runCli(['eval', '--pred', join(tmp, 'nope'), '--truth', truth]);
  assert.match(r5.stderr, /NOT_FOUND.*prediction folder not found/);
  const r6 = await runCli(['eval', '--truth', truth]);
  assert.equal(r6.code, 2);
  assert.match(r6.stderr, /--pred DIR is required/);
});

test('a covid-qu style truth (class names in labels.csv, masks in another folder) and a comparison table', async () => {
  // Same truth, laid out as covid-qu's val: labels "covid"/"normal", masks in infection/.
  const alt = join(tmp, 'alt-truth');
  mkdirSync(join(alt, 'infection'), { recursive: true });
  writeFileSync(join(alt, 'labels.csv'), `file,label\n${rows.map((r) => `${r.stem}.png,${r.label === 'abnormal' ? 'covid' : 'normal'}`).join('\n')}\n`);
  for (const r of rows) copyFileSync(join(truth, 'masks', `${r.stem}.png`), join(alt, 'infection', `${r.stem}.png`));
  const same = predDir('same2', (t) => t.data);
  const empty = predDir('empty2', (t) => new Uint8Array(t.data.length));
  const r = await runCli(['eval', '--pred', `truth=${same}`, '--pred', `nothing=${empty}`, '--truth', alt, '--masks', 'infection', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const [a, b] = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(a.name, 'truth');
  assert.equal(a.dice, 1);
  assert.equal(a.nAbnormal, 2);
  assert.equal(a.abnormalWithProposal, 2);
  assert.equal(a.normalWithProposal, 0);
  assert.equal(b.name, 'nothing');
  assert.equal(b.dice, 0);
  assert.equal(b.abnormalWithProposal, 0);
  const table = await runCli(['eval', '--pred', `truth=${same}`, '--pred', `nothing=${empty}`, '--truth', alt, '--masks', 'infection']);
  assert.match(table.stdout, /\| truth\s+\|\s+100\.0% \|\s+100\.0% \|\s+100\.0% \|\s+0\.0% \|\s+2\/2 \/ 0\/2 \|/);
  assert.match(table.stdout, /\| nothing\s+\|\s+0\.0% \|/);
  // Without --masks the truth folder has no masks/: the abnormal image's mask is missing, named.
  const missing = await runCli(['eval', '--pred', same, '--truth', alt]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no truth mask for abnormal image/);
});

test('a truth folder tagged whole (its masks too): rows are scored on the prediction made from their own file', async () => {
  // `taggan tag TRUTHDIR` also tags masks/STEM.png and names that prediction STEM, the DICOM's STEM-2 (or the
  // other way round): proposals.json says which input each stem came from, and eval must use it.
  const pred = join(tmp, 'whole-folder');
  mkdirSync(pred, { recursive: true });
  const empty = (t: { width: number; height: number }) => new Uint8Array(t.width * t.height);
  const images: { input: string; stem: string }[] = [];
  for (const row of rows) {
    const t = readPng(join(truth, 'masks', `${row.stem}.png`));
    writePng(join(pred, `${row.stem}.mask.png`), empty(t), t.width, t.height); // made from the mask file
    writePng(join(pred, `${row.stem}-2.mask.png`), t.data, t.width, t.height); // made from the DICOM
    images.push({ input: join(truth, 'masks', `${row.stem}.png`), stem: row.stem }, { input: join(truth, `${row.stem}.dcm`), stem: `${row.stem}-2` });
  }
  writeFileSync(join(pred, 'proposals.json'), JSON.stringify({ images }));
  const j = await evalJson(pred, truth);
  assert.equal(j.dice, 1, 'scored on the DICOMs\' predictions, not on the masks\'');
  assert.deepEqual([...j.unmatched].sort(), rows.map((r) => r.stem).sort(), 'the masks\' predictions are listed as not evaluated');

  // Only the masks were tagged: a stem match made from another file of the truth folder is refused, named.
  writeFileSync(join(pred, 'proposals.json'), JSON.stringify({ images: images.filter((i) => i.input.includes('/masks/')) }));
  const r = await runCli(['eval', '--pred', pred, '--truth', truth, '--json']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /was made from masks\/\S+\.png, not from \S+\.dcm/);

  writeFileSync(join(pred, 'proposals.json'), '{ not json');
  const bad = await runCli(['eval', '--pred', pred, '--truth', truth, '--json']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /proposals\.json is not valid JSON/);
});
