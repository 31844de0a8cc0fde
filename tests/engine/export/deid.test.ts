import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, test } from 'node:test';
import { runCli } from '../../helpers/cli';
import { buildExportWorkspace, CR, DX, type ExportFixture } from './exportFixture';
import { dciodvfy, dciodvfyMissing, pngMask, pythonMissing, readback } from './tools';

const skipPy = pythonMissing(['pydicom', 'numpy']);
let fx: ExportFixture;
let out: string;
const stem = (id: number) => `img${String(id).padStart(6, '0')}`;

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

before(async () => {
  fx = await buildExportWorkspace();
  out = join(fx.base, 'deid-out');
  const r = await runCli(['export', '--workspace', fx.dir, '--out', out, '--format', 'png,seg,coco,nifti', '--deidentify']);
  assert.equal(r.code, 0, r.stderr);
});

type Tags = { values: Record<string, string>; uids: string[]; sop: string; study: string; series: string; identityRemoved?: string; methodCode?: string };

test('no exported byte or file name carries a source patient identifier or an original UID', { skip: skipPy }, () => {
  const needles = new Set<string>();
  for (const src of [CR, DX]) {
    const t = readback<Tags>('tags', src); // read with pydicom, independently of our dcmjs code
    for (const [k, v] of Object.entries(t.values)) {
      if (k === 'StudyDate') continue; // a date string, checked via the dummy/empty rule below
      needles.add(v);
      for (const part of v.split('^')) if (part.length >= 4) needles.add(part);
    }
    for (const u of t.uids) needles.add(u);
  }
  needles.add('PATIENT-DOE-JOHN');
  assert.ok(needles.has('Dog^AVeryGood') && needles.has('123456') && needles.has('20140422') && needles.has('9RG1'), [...needles].join(' | '));
  const files = allFiles(out);
  assert.ok(files.length >= 10, `${files.length} files`);
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const n of needles) {
      assert.ok(!bytes.includes(n), `${relative(out, f)} contains "${n}"`);
      assert.ok(!relative(out, f).includes(n), `file name ${relative(out, f)} contains "${n}"`);
    }
  }
  const manifest = readFileSync(join(out, 'manifest.csv'), 'utf8');
  assert.ok(!manifest.includes('/'.concat('work')), 'no source paths in the manifest');
  assert.ok(!manifest.includes('dr-reader') && manifest.includes('reader1'), 'authors pseudonymised');
});

test('de-identified image copies and SEGs: profile attributes set, UIDs remapped consistently', { skip: skipPy }, () => {
  for (const [id, src] of [
    [fx.ids.cr, CR],
    [fx.ids.dx, DX],
  ] as const) {
    const orig = readback<Tags>('tags', src);
    const img = readback<Tags>('tags', join(out, 'images', `${stem(id)}.dcm`));
    const seg = readback<Record<string, string>>('seg', join(out, 'seg', `${stem(id)}.seg.dcm`));
    assert.equal(img.identityRemoved, 'YES');
    assert.equal(img.methodCode, '113100');
    assert.equal(seg.identityRemoved, 'YES');
    assert.notEqual(img.sop, orig.sop);
    assert.match(img.sop, /^2\.25\.\d+$/);
    assert.equal(seg.referencedSop, img.sop, 'SEG references the de-identified image copy');
    assert.equal(seg.referencedSeries, img.series);
    assert.equal(seg.study, img.study);
    assert.equal(seg.patientName, '');
    assert.equal(seg.patientId, '');
    assert.equal(img.values.PatientName, undefined);
    assert.equal(img.values.PatientBirthDate, undefined);
    // The mask survives de-identification.
    const seg2 = readback<{ sha256: string }>('seg', join(out, 'seg', `${stem(id)}.seg.dcm`));
    assert.equal(seg2.sha256, pngMask(join(out, 'masks', `${stem(id)}.png`)).sha256);
  }
  const rec = JSON.parse(readFileSync(join(out, 'deidentification.json'), 'utf8'));
  assert.equal(rec.deidentificationMethodCode.CodeValue, '113100');
  assert.deepEqual(rec.selfCheck.leaks, []);
  const dxRec = rec.files.find((f: { file: string }) => f.file === `images/${stem(fx.ids.dx)}.dcm`);
  const byName = Object.fromEntries(dxRec.actions.map((a: { name: string; applied: string }) => [a.name, a.applied]));
  assert.equal(byName.PatientName, 'emptied');
  assert.equal(byName.InstitutionName, 'emptied');
  assert.equal(byName.RequestingPhysician, 'removed');
  assert.equal(byName.SOPInstanceUID, 'uid-replaced');
});

test('de-identified SEGs still pass dciodvfy without errors', { skip: dciodvfyMissing }, () => {
  for (const id of [fx.ids.cr, fx.ids.dx]) {
    const rep = dciodvfy(join(out, 'seg', `${stem(id)}.seg.dcm`));
    assert.deepEqual(rep.errors, [], rep.text);
  }
});
