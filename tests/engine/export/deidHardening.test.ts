/**
 * De-identification inside nested sequences and the exact-value self-check, on DICOM sources generated at
 * test time: alternative-calendar dates and the issuer-of-accession-number namespace inside nested items are
 * removed; an InstitutionName that is a substring of the kept Manufacturer is no false leak; an identifier
 * left in an attribute the profile does not know makes the export fail and leaves no output behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { exportWorkspace } from '../../../engine/src/export/exportWorkspace';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { imageElems, u16le, writeDicom, type Elem } from '../dicom/helpers/writeDicom';
import { tempDir } from '../workspace/fixtures';
import { twoBlobMask } from './exportFixture';

const ALT_BIRTH = 'ALTCAL-19990101';
const NAMESPACE = 'HOSP-NAMESPACE-XYZ';
const UNIVERSAL = 'urn:oid:9.8.7.6.5';
const PID = 'PID-DEID-0042';

function source(extra: Elem[], uidSuffix: string): Uint8Array {
  const rows = 48;
  const columns = 40;
  const base = imageElems({ rows, columns, modality: 'CR' })
    .map((e) => (e.vr === 'UI' && e.tag[0] !== 0x0008 ? { ...e, value: `${String(e.value)}.${uidSuffix}` } : e))
    .map((e) => (e.tag[0] === 0x0008 && e.tag[1] === 0x0018 ? { ...e, value: `${String(e.value)}.${uidSuffix}` } : e))
    .filter((e) => !(e.tag[0] === 0x0010 && e.tag[1] === 0x0020));
  const elems: Elem[] = [
    ...base,
    { tag: [0x0010, 0x0020], vr: 'LO', value: PID },
    ...extra,
    { tag: [0x7fe0, 0x0010], vr: 'OW', value: u16le(new Uint16Array(rows * columns).map((_, i) => i % 4096)) },
  ];
  elems.sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
  return writeDicom(elems);
}

const NESTED: Elem[] = [
  { tag: [0x0008, 0x0070], vr: 'LO', value: 'TOSHIBA_MEC' }, // Manufacturer: kept
  { tag: [0x0008, 0x0080], vr: 'LO', value: 'TOSHIBA' }, // InstitutionName: removed
  { tag: [0x0010, 0x0033], vr: 'LO', value: ALT_BIRTH },
  {
    // AnatomicRegionSequence: kept by the profile, so de-identification must look inside it.
    tag: [0x0008, 0x2218],
    vr: 'SQ',
    value: [[
      { tag: [0x0008, 0x0051], vr: 'SQ', value: [[
        { tag: [0x0040, 0x0031], vr: 'UT', value: NAMESPACE },
        { tag: [0x0040, 0x0032], vr: 'UT', value: UNIVERSAL },
        { tag: [0x0040, 0x0033], vr: 'CS', value: 'ISO' },
      ]] },
      { tag: [0x0008, 0x0100], vr: 'SH', value: 'T-D3000' },
      { tag: [0x0008, 0x0102], vr: 'SH', value: 'SRT' },
      { tag: [0x0008, 0x0104], vr: 'LO', value: 'Chest' },
      { tag: [0x0010, 0x0033], vr: 'LO', value: ALT_BIRTH },
    ]],
  },
];

async function workspaceWith(file: Uint8Array): Promise<{ base: string; dir: string }> {
  const base = tempDir('taggan-deid-');
  const src = join(base, 'source.dcm');
  writeFileSync(src, file);
  const dir = join(base, 'ws');
  const ws = Workspace.init(dir, { actor: 'dr-x' });
  try {
    const r = await ws.addImages([src]);
    assert.equal(r.added.length, 1, JSON.stringify(r));
    const id = r.added[0]!.id;
    ws.setLabel(id, 'abnormal');
    ws.saveAnnotation({ imageId: id, mask: twoBlobMask(40, 48) });
  } finally {
    ws.close();
  }
  return { base, dir };
}

test('nested alternative-calendar dates and issuer namespaces are removed; a substring of a kept value is no leak', async () => {
  const { base, dir } = await workspaceWith(source(NESTED, '1'));
  const out = join(base, 'out');
  const ws = Workspace.open(dir);
  try {
    const r = exportWorkspace(ws, { outDir: out, formats: ['seg', 'png'], deidentify: true });
    assert.equal(r.exported, 1);
  } finally {
    ws.close();
  }
  const record = JSON.parse(readFileSync(join(out, 'deidentification.json'), 'utf8')) as { selfCheck: { leaks: string[]; identifiersChecked: number } };
  assert.deepEqual(record.selfCheck.leaks, []);
  assert.ok(record.selfCheck.identifiersChecked >= 6);
  const copy = readFileSync(join(out, 'images', 'img000001.dcm'));
  for (const v of [ALT_BIRTH, NAMESPACE, UNIVERSAL, PID, 'TOSHIBA\\']) assert.ok(!copy.includes(v), `the de-identified copy still holds ${v}`);
  assert.ok(copy.includes('TOSHIBA_MEC'), 'Manufacturer is kept');
  assert.ok(copy.includes('Chest'), 'the kept sequence keeps its other items');
  for (const f of readdirSync(join(out, 'seg'))) assert.ok(!readFileSync(join(out, 'seg', f)).includes(ALT_BIRTH));
});

test('an identifier left in an attribute the profile does not know fails the self-check; nothing is left behind', async () => {
  // (0056,0010): an even-group attribute no dictionary knows, so the profile keeps it; it holds the patient ID.
  const { base, dir } = await workspaceWith(source([...NESTED, { tag: [0x0056, 0x0010], vr: 'LO', value: PID }], '2'));
  const out = join(base, 'out');
  const ws = Workspace.open(dir);
  try {
    assert.throws(
      () => exportWorkspace(ws, { outDir: out, formats: ['seg', 'png', 'coco'], deidentify: true }),
      (e: unknown) => e instanceof EngineError && e.code === 'EXPORT' && /self-check failed/.test(e.message) && /\(0056,0010\)/.test(e.message) && /\(0010,0020\) PatientID/.test(e.message),
    );
  } finally {
    ws.close();
  }
  assert.ok(!existsSync(out), 'no output folder');
  assert.deepEqual(readdirSync(base).filter((n) => n.includes('partial')), [], 'no temporary folder left');
});
