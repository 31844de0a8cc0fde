/**
 * DICOMweb against a real Orthanc (Debian's orthanc + orthanc-dicomweb), started here on a loopback port with
 * basic authentication and a temporary storage folder, loaded with the sample CR and DX through Orthanc's own
 * REST API. Through the engine protocol: connect, search (patient, date, modality, accession), import with
 * provenance, send an accepted mask back as DICOM SEG (plain and de-identified), read it from Orthanc again and
 * validate it with dciodvfy. Skips, saying why, where Orthanc is not installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineCallError } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { EngineClient } from '../../../engine/protocol/client';
import { readDicomSeg } from '../../../engine/src/export/dicomSeg';
import { DicomWebClient } from '../../../engine/src/pacs/dicomwebClient';
import { orthancMissing, startOrthanc, type OrthancServer } from '../../../engine/src/pacs/orthancServer';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { ROOT } from '../../helpers/cli';
import { dciodvfy, dciodvfyMissing } from '../export/tools';

const skip = orthancMissing();
if (skip) console.log(`SKIP DICOMweb/Orthanc tests: ${skip}`);
const CR = join(ROOT, 'samples', 'dicom', 'chest-cr-RG1_J2KI.dcm');
const DX = join(ROOT, 'samples', 'dicom', 'dx_image.dcm');
const CR_SOP = '1.3.6.1.4.1.5962.1.1.9.1.3.20040826185059.5457';
const USER = 'reader1';
const PASSWORD = 'pw-Orthanc-7f3c9e';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-pacs-'));
let orthanc: OrthancServer | undefined;
let c: EngineClient;

before(async () => {
  if (skip) return;
  orthanc = await startOrthanc({ users: { [USER]: PASSWORD } });
  await orthanc.upload(CR);
  await orthanc.upload(DX);
  c = new EngineClient(connectInProcess(createEngine({ backend: 'wasm' })));
});
after(async () => {
  c?.close();
  await orthanc?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const code = (e: unknown) => (e instanceof EngineCallError ? e.code : String(e));

test('connect: wrong password is PACS_AUTH naming the server; the right one is "connected as" the user, never the secret', { skip }, async () => {
  await assert.rejects(c.call('pacs.connect', { url: orthanc!.dicomweb, auth: { kind: 'basic', user: USER, password: 'wrong' } }), (e) => {
    assert.equal(code(e), 'PACS_AUTH');
    assert.ok((e as EngineCallError).file === orthanc!.origin, `the error names the server: ${(e as EngineCallError).file}`);
    assert.match((e as Error).message, /401/);
    return true;
  });
  await assert.rejects(c.call('pacs.connect', { url: orthanc!.dicomweb }), (e) => code(e) === 'PACS_AUTH');
  await assert.rejects(c.call('pacs.connect', { url: `http://${USER}:${PASSWORD}@127.0.0.1:1/dicom-web` }), (e) => code(e) === 'BAD_REQUEST' && /not in the URL/.test((e as Error).message));
  const conn = await c.call('pacs.connect', { url: `${orthanc!.dicomweb}/`, auth: { kind: 'basic', user: USER, password: PASSWORD } });
  assert.deepEqual(conn, { connected: true, url: orthanc!.dicomweb, as: USER });
  assert.ok(!JSON.stringify(await c.call('pacs.status', {})).includes(PASSWORD));
});

test('search: QIDO-RS by modality, patient name (wildcard), accession and date range', { skip }, async () => {
  const all = await c.call('pacs.searchStudies', {});
  assert.equal(all.length, 2);
  const cr = await c.call('pacs.searchStudies', { modality: 'CR' });
  assert.equal(cr.length, 1);
  assert.equal(cr[0]!.patientName, 'CompressedSamples^RG1');
  assert.deepEqual(cr[0]!.modalities, ['CR']);
  assert.equal(cr[0]!.instanceCount, 1);
  const dog = await c.call('pacs.searchStudies', { patientName: 'Dog*' });
  assert.deepEqual(dog.map((s) => s.patientId), ['123456']);
  const acc = await c.call('pacs.searchStudies', { accessionNumber: '16387a' });
  assert.deepEqual(acc.map((s) => s.patientId), ['123456']);
  const y2004 = await c.call('pacs.searchStudies', { studyDate: '20040101-20041231' });
  assert.deepEqual(y2004.map((s) => s.patientId), ['9RG1']);
  assert.deepEqual(await c.call('pacs.searchStudies', { patientName: 'Nobody*' }), []);
  await assert.rejects(c.call('pacs.searchStudies', { studyDate: 'last week' }), (e) => code(e) === 'BAD_REQUEST');
  const series = await c.call('pacs.series', { studyInstanceUid: cr[0]!.studyInstanceUid });
  assert.equal(series.length, 1);
  assert.equal(series[0]!.modality, 'CR');
});

test('import: WADO-RS series into a workspace with progress, provenance without credentials; again = not downloaded twice', { skip }, async () => {
  const ws = join(tmp, 'ws');
  await c.call('workspace.open', { dir: ws, create: true });
  const [study] = await c.call('pacs.searchStudies', { modality: 'CR' });
  const progress: number[] = [];
  const r = await c.call('pacs.import', { studyInstanceUid: study!.studyInstanceUid }, { onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(r.failed, []);
  assert.equal(r.added.length, 1);
  assert.equal(r.added[0]!.sopInstanceUid, CR_SOP);
  assert.ok(progress.length >= 2, 'progress events');
  assert.ok(r.bytes > 600_000);
  const [img] = await c.call('workspace.images', {});
  assert.equal(img!.sopInstanceUid, CR_SOP);
  assert.equal(img!.modality, 'CR');
  assert.deepEqual([img!.width, img!.height], [1841, 1955]);
  assert.ok(img!.path.startsWith(join(ws, 'sources', 'dicomweb')), img!.path);
  assert.deepEqual(readFileSync(img!.path), readFileSync(CR), 'the stored file is the server\'s bytes');
  const src = await c.call('workspace.imageSource', { imageId: img!.id });
  assert.equal(src!.serverUrl, orthanc!.dicomweb);
  assert.equal(src!.studyInstanceUid, study!.studyInstanceUid);
  assert.equal(src!.sopInstanceUid, CR_SOP);
  const open = await c.call('image.open', { path: img!.path });
  assert.equal(open.columns, 1841);
  const again = await c.call('pacs.import', { studyInstanceUid: study!.studyInstanceUid });
  assert.deepEqual([again.added.length, again.duplicates.length, again.bytes], [0, 1, 0]);
  const audit = await c.call('workspace.audit', {});
  assert.ok(audit.some((a) => a.action === 'pacs.import' && (a.detail as { server?: string }).server === orthanc!.dicomweb));
});

test('send: an accepted mask goes back as DICOM SEG (STOW-RS); read from Orthanc it passes dciodvfy and references the CR', { skip }, async () => {
  const [img] = await c.call('workspace.images', {});
  const mask = new Uint8Array(img!.width * img!.height);
  for (let y = 600; y < 900; y++) mask.fill(1, y * img!.width + 500, y * img!.width + 800);
  await c.call('annotation.save', { imageId: img!.id, width: img!.width, height: img!.height, mask, status: 'accepted' });
  const progress: string[] = [];
  const r = await c.call('pacs.send', {}, { onProgress: (p) => progress.push(p.stage) });
  assert.equal(r.stored.length, 1, JSON.stringify(r));
  assert.deepEqual(r.failed, []);
  assert.ok(progress.includes('sending'));
  // Read it back from Orthanc with its own REST API (not our client), then check it independently.
  const found = await orthanc!.rest('/tools/find', { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: r.stored[0] } }) });
  const ids = (await found.json()) as string[];
  assert.equal(ids.length, 1, 'Orthanc has the SEG');
  const file = Buffer.from(await (await orthanc!.rest(`/instances/${ids[0]}/file`)).arrayBuffer());
  const seg = readDicomSeg(file, 'orthanc SEG');
  assert.deepEqual(seg.referencedSopInstanceUids, [CR_SOP]);
  let area = 0;
  for (const v of seg.mask.data) area += v;
  assert.equal(area, 300 * 300);
  if (!dciodvfyMissing) {
    const path = join(tmp, 'from-orthanc.seg.dcm');
    writeFileSync(path, file);
    const rep = dciodvfy(path);
    assert.match(rep.text, /Segmentation/);
    assert.deepEqual(rep.errors, [], rep.text);
  } else console.log(`SKIP dciodvfy check: ${dciodvfyMissing}`);
  // The SEG is in the CR's study on the server.
  const [study] = await c.call('pacs.searchStudies', { modality: 'CR' });
  const series = await c.call('pacs.series', { studyInstanceUid: study!.studyInstanceUid });
  assert.deepEqual(series.map((s) => s.modality).sort(), ['CR', 'SEG']);
});

test('send de-identified: a new study with no patient name or original UIDs; credentials never in the workspace files', { skip }, async () => {
  const r = await c.call('pacs.send', { deidentify: true });
  assert.equal(r.deidentified, true);
  assert.equal(r.stored.length, 2, 'the de-identified source copy and its SEG');
  const client = new DicomWebClient(orthanc!.dicomweb, { kind: 'basic', user: USER, password: PASSWORD });
  const studies = await client.searchStudies({});
  assert.equal(studies.length, 3);
  const fresh = studies.find((s) => s.patientId !== '9RG1' && s.patientId !== '123456')!;
  assert.ok(fresh, 'a third study appeared');
  assert.notEqual(fresh.patientName, 'CompressedSamples^RG1');
  const series = await client.searchSeries(fresh.studyInstanceUid);
  assert.deepEqual(series.map((s) => s.modality).sort(), ['CR', 'SEG']);
  const status = await c.call('workspace.status', {});
  await c.call('workspace.close', {});
  for (const f of ['workspace.sqlite', 'workspace.sqlite-wal']) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(status.dir, f));
    } catch {
      continue;
    }
    assert.ok(!bytes.includes(PASSWORD), `${f} holds the password`);
    assert.ok(!bytes.includes(Buffer.from(`${USER}:${PASSWORD}`).toString('base64')), `${f} holds the basic credentials`);
  }
});
