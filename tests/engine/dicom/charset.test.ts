/**
 * Specific Character Set, ISO 2022 code extensions included: pydicom's own character-set test files
 * (chrH31 = ISO 2022 IR 87, chrI2 = IR 149, chrH32 = IR 13 + IR 87, ...) are read by the engine's decoder
 * and by the exporter's dcmjs path to the same text pydicom decodes, imported into a workspace, and exported
 * as DICOM SEG whose patient name pydicom reads back unchanged. Skips where python3-pydicom is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeDicomText, parseSpecificCharacterSet } from '../../../engine/src/dicom/charset/decodeDicomText';
import { readDicom } from '../../../engine/src/dicom/readDicom';
import { exportWorkspace } from '../../../engine/src/export/exportWorkspace';
import { readSourceHeader } from '../../../engine/src/export/readSourceHeader';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { twoBlobMask } from '../export/exportFixture';
import { pydicomCharsetDir } from '../fuzz/corpus';
import { tempDir } from '../workspace/fixtures';

const DIR = pydicomCharsetDir();
const FILES = ['chrH31', 'chrH32', 'chrI2', 'chrJapMulti', 'chrJapMultiExplicitIR6', 'chrKoreanMulti', 'chrX1', 'chrX2', 'chrArab', 'chrFren', 'chrGerm', 'chrGreek', 'chrHbrw', 'chrRuss'];

/** pydicom's reading of (0010,0010) and (0008,0005) for each file. */
function pydicomNames(files: string[]): Record<string, string> {
  const code = `import json, sys, pydicom
out = {}
for p in sys.argv[1:]:
    ds = pydicom.dcmread(p)
    out[p] = str(ds.get('PatientName', ''))
print(json.dumps(out, ensure_ascii=False))`;
  const r = spawnSync('/usr/bin/python3', ['-c', code, ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

const pnText = (v: unknown): string => {
  const x = (Array.isArray(v) ? v[0] : v) as { Alphabetic?: string; Ideographic?: string; Phonetic?: string } | undefined;
  return [x?.Alphabetic ?? '', x?.Ideographic ?? '', x?.Phonetic ?? ''].join('=').replace(/=+$/, '');
};

test('multi-charset names decode as pydicom decodes them (engine decoder and exporter path)', { skip: DIR ? false : 'python3-pydicom not installed' }, () => {
  const paths = FILES.map((f) => join(DIR!, `${f}.dcm`));
  const expected = pydicomNames(paths);
  for (const p of paths) {
    const d = readDicom(readFileSync(p), p);
    const el = d.dataSet.elements.x00100010!;
    const raw = d.dataSet.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    const mine = decodeDicomText(raw, parseSpecificCharacterSet(d.dataSet.string('x00080005'))).replace(/[\0 ]+$/, '').replace(/=+$/, '');
    assert.equal(mine, expected[p], `${p}: engine decoder`);
    const h = readSourceHeader(readFileSync(p), p);
    assert.equal(pnText(h.dataset.PatientName), expected[p], `${p}: exporter (dcmjs) path`);
  }
});

test('ISO 2022 IR 87 / IR 149 files are imported and exported as SEG with the name intact', { skip: DIR ? false : 'python3-pydicom not installed' }, async () => {
  const base = tempDir('taggan-charset-');
  const ws = Workspace.init(join(base, 'ws'));
  const srcs = ['chrH31', 'chrI2'].map((f) => join(DIR!, `${f}.dcm`));
  let ids: number[];
  try {
    const r = await ws.addImages(srcs);
    assert.deepEqual(r.failed, []);
    ids = r.added.map((a) => a.id);
    for (const id of ids) {
      const img = ws.getImage(id)!;
      ws.setLabel(id, 'abnormal');
      ws.saveAnnotation({ imageId: id, mask: twoBlobMask(img.width, img.height) });
    }
    exportWorkspace(ws, { outDir: join(base, 'out'), formats: ['seg'] });
  } finally {
    ws.close();
  }
  const segs = ids.map((id) => join(base, 'out', 'seg', `img${String(id).padStart(6, '0')}.seg.dcm`));
  const got = pydicomNames(segs);
  const want = pydicomNames(srcs);
  srcs.forEach((s, k) => assert.equal(got[segs[k]!], want[s], `SEG of ${s}`));
});
