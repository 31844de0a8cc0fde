import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { generatePhantom } from '../../../engine/src/phantom/generatePhantom';
import { phantomLabels } from '../../../engine/src/phantom/phantomLabels';
import { phantomUid } from '../../../engine/src/phantom/phantomUid';
import { runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-phantom-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function mean(a: ArrayLike<number>, sel: (i: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (sel(i)) { s += a[i]; n++; }
  return n ? s / n : NaN;
}

test('generatePhantom is deterministic and varies with the seed and index', () => {
  const a = generatePhantom('s1', 3, { abnormal: true });
  const b = generatePhantom('s1', 3, { abnormal: true });
  assert.deepEqual(a.pixels, b.pixels);
  assert.deepEqual(a.mask, b.mask);
  const c = generatePhantom('s2', 3, { abnormal: true });
  const d = generatePhantom('s1', 4, { abnormal: true });
  assert.notDeepEqual(c.pixels, a.pixels);
  assert.notDeepEqual(d.pixels, a.pixels);
  assert.ok(a.width >= 192 && a.width <= 320 && a.height >= 192 && a.height <= 320, `${a.width}x${a.height}`);
  const sq = generatePhantom('s1', 3, { abnormal: false, size: 128 });
  assert.equal(sq.width, 128);
  assert.equal(sq.height, 128);
  assert.throws(() => generatePhantom('s1', 0, { abnormal: false, size: 10 }), /size must be/);
});

test('phantom anatomy: lungs darker than mediastinum, lesions brighter than the lung around them', () => {
  let lesionChecks = 0;
  for (let idx = 0; idx < 6; idx++) {
    const p = generatePhantom('anatomy', idx, { abnormal: idx % 2 === 1, size: 256 });
    const w = p.width;
    // display brightness: MONOCHROME1 stores dark as high
    const maxv = 2 ** p.bitsStored - 1;
    const bright = Float32Array.from(p.pixels, (s) => (p.photometric === 'MONOCHROME1' ? maxv - s : s) / maxv);
    const at = (u: number, v: number) => Math.round(v * p.height) * w + Math.round(u * w);
    const box = (u: number, v: number, r = 0.03) => mean(bright, (i) => {
      const x = i % w, y = Math.floor(i / w);
      return Math.abs(x / w - u) < r && Math.abs(y / p.height - v) < r;
    });
    const lungL = box(0.3, 0.4);
    const lungR = box(0.7, 0.4);
    const mediastinum = box(0.5, 0.3, 0.02);
    const abdomen = box(0.3, 0.9);
    assert.ok(lungL < mediastinum - 0.1 && lungR < mediastinum - 0.1, `image ${idx}: lungs ${lungL.toFixed(2)}/${lungR.toFixed(2)} vs mediastinum ${mediastinum.toFixed(2)}`);
    assert.ok(lungL < abdomen - 0.1, `image ${idx}: lung ${lungL} vs below the diaphragm ${abdomen}`);
    assert.ok(bright[at(0.01, 0.01)] < lungL, 'air outside the body is darkest');
    if (p.label === 'abnormal') {
      assert.ok(p.lesions.length >= 1 && p.lesions.length <= 3);
      let area = 0;
      for (const m of p.mask) area += m;
      assert.ok(area > 50, `mask area ${area}`);
      // the density inside the mask exceeds the same image's normal twin at the same place
      const twin = generatePhantom('anatomy', idx, { abnormal: false, size: 256 });
      const inside = mean(p.density, (i) => p.mask[i] === 1) - mean(twin.density, (i) => p.mask[i] === 1);
      assert.ok(inside > 0.05, `lesion adds ${inside}`);
      // outside the lesions the two renderings agree (lesions change only their own neighbourhood)
      const far = mean(p.density, (i) => !p.mask[i]) - mean(twin.density, (i) => !p.mask[i]);
      assert.ok(far < 0.02, `outside change ${far}`);
      lesionChecks++;
    } else {
      assert.equal(p.lesions.length, 0);
      assert.ok(p.mask.every((m) => m === 0));
    }
  }
  assert.equal(lesionChecks, 3);
});

test('labels: half abnormal, seeded, not index parity; UIDs are valid 2.25 UIDs', () => {
  const l = phantomLabels('x', 10);
  assert.equal(l.filter(Boolean).length, 5);
  assert.deepEqual(l, phantomLabels('x', 10));
  assert.equal(phantomLabels('x', 7).filter(Boolean).length, 3);
  const uid = phantomUid('x/0/study');
  assert.match(uid, /^2\.25\.(0|[1-9]\d*)$/);
  assert.ok(uid.length <= 64);
  assert.equal(uid, phantomUid('x/0/study'));
  assert.notEqual(uid, phantomUid('x/0/series'));
});

test('taggan phantom writes DICOM, masks and labels; same seed gives byte-identical files', async () => {
  const a = join(tmp, 'a');
  const b = join(tmp, 'b');
  const r1 = await runCli(['phantom', '--out', a, '--count', '4', '--seed', '42', '--json']);
  assert.equal(r1.code, 0, r1.stderr);
  const j = JSON.parse(r1.stdout.trim().split('\n').at(-1)!);
  assert.equal(j.count, 4);
  assert.equal(j.abnormal, 2);
  const r2 = await runCli(['phantom', '--out', b, '--count', '4', '--seed', '42']);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /wrote 4 phantom images \(2 abnormal, 2 normal\)/);
  const files = readdirSync(a).sort();
  assert.deepEqual(files, ['labels.csv', 'masks', 'phantom-0001.dcm', 'phantom-0002.dcm', 'phantom-0003.dcm', 'phantom-0004.dcm']);
  for (const f of [...files.filter((f) => f !== 'masks'), ...readdirSync(join(a, 'masks')).map((m) => join('masks', m))]) {
    assert.equal(sha(join(a, f)), sha(join(b, f)), `${f} differs between two runs with the same seed`);
  }
  const csv = readFileSync(join(a, 'labels.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'file,label');
  assert.equal(csv.length, 5);
  for (const row of csv.slice(1)) {
    const [file, label] = row.split(',');
    assert.ok(['normal', 'abnormal'].includes(label));
    const png = PNG.sync.read(readFileSync(join(a, 'masks', file.replace('.dcm', '.png'))));
    let on = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      assert.ok(png.data[i] === 0 || png.data[i] === 255);
      if (png.data[i]) on++;
    }
    if (label === 'normal') assert.equal(on, 0, `${file}: a normal image has an empty mask`);
    else assert.ok(on > 0, `${file}: an abnormal image has a mask`);
    const entry = j.images.find((e: { file: string }) => e.file === file);
    assert.equal(png.width, entry.width);
    assert.equal(png.height, entry.height);
  }
  const other = join(tmp, 'c');
  assert.equal((await runCli(['phantom', '--out', other, '--count', '1', '--seed', '43'])).code, 0);
  assert.notEqual(sha(join(other, 'phantom-0001.dcm')), sha(join(a, 'phantom-0001.dcm')));
});

test('taggan phantom refuses bad arguments with a clear message', async () => {
  const r = await runCli(['phantom', '--out', join(tmp, 'bad'), '--count', 'many']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--count must be a positive integer/);
  const r2 = await runCli(['phantom', '--count', '2']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /--out DIR is required/);
  const r3 = await runCli(['phantom', '--out', join(tmp, 'bad'), '--count', '1', '--size', '20']);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /--size must be an integer in 64..4096/);
});

test('dciodvfy finds no errors or warnings in phantom DICOM files', async (t) => {
  if (!existsSync('/usr/bin/dciodvfy')) return t.skip('dciodvfy (Debian dicom3tools) is not installed');
  const dir = join(tmp, 'v');
  const r = await runCli(['phantom', '--out', dir, '--count', '2', '--seed', 'verify']);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['phantom-0001.dcm', 'phantom-0002.dcm']) {
    const v = spawnSync('/usr/bin/dciodvfy', [join(dir, f)], { encoding: 'utf8' });
    const report = `${v.stdout}${v.stderr}`;
    assert.doesNotMatch(report, /^(Error|Warning)/m, `${f}:\n${report}`);
    assert.match(report, /CRImage/, 'dciodvfy recognised the CR Image IOD');
  }
});

test('pydicom reads a phantom file back: header, size and pixels match the generator', async (t) => {
  const py = '/usr/bin/python3';
  const probe = spawnSync(py, ['-c', 'import pydicom, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return t.skip(`pydicom/numpy not available for ${py}: ${probe.stderr.trim()}`);
  const dir = join(tmp, 'py');
  const r = await runCli(['phantom', '--out', dir, '--count', '2', '--seed', 'py']);
  assert.equal(r.code, 0, r.stderr);
  const script = [
    'import sys, json, hashlib, pydicom, numpy',
    'd = pydicom.dcmread(sys.argv[1])',
    'a = d.pixel_array',
    'print(json.dumps({"name": str(d.PatientName), "modality": d.Modality, "sop": d.SOPClassUID, "ts": d.file_meta.TransferSyntaxUID,',
    ' "rows": int(d.Rows), "cols": int(d.Columns), "pi": d.PhotometricInterpretation, "bits": int(d.BitsStored),',
    ' "spacing": [float(x) for x in d.PixelSpacing], "wc": float(d.WindowCenter), "study": d.StudyInstanceUID,',
    ' "sha": hashlib.sha256(a.astype("<u2").tobytes()).hexdigest(), "dtype": str(a.dtype)}))',
  ].join('\n');
  const out = spawnSync(py, ['-c', script, join(dir, 'phantom-0002.dcm')], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const j = JSON.parse(out.stdout);
  const labels = phantomLabels('py', 2);
  const p = generatePhantom('py', 1, { abnormal: labels[1] });
  assert.equal(j.name, 'PHANTOM^0002');
  assert.equal(j.modality, 'CR');
  assert.equal(j.sop, '1.2.840.10008.5.1.4.1.1.1');
  assert.equal(j.ts, '1.2.840.10008.1.2.1');
  assert.equal(j.rows, p.height);
  assert.equal(j.cols, p.width);
  assert.equal(j.pi, p.photometric);
  assert.equal(j.bits, p.bitsStored);
  assert.equal(j.dtype, 'uint16');
  assert.equal(j.spacing[0], p.pixelSpacingMm[0]);
  assert.equal(j.wc, p.windowCenter);
  assert.equal(j.study, phantomUid('py/1/study'));
  const le = Buffer.alloc(p.pixels.length * 2);
  p.pixels.forEach((v, i) => le.writeUInt16LE(v, i * 2));
  assert.equal(j.sha, createHash('sha256').update(le).digest('hex'), 'pixel data round-trips exactly');
});
