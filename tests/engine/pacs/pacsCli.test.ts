/** `taggan pacs search|series|import|send` against a real Orthanc; the password comes from the environment only. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { orthancMissing, startOrthanc, type OrthancServer } from '../../../engine/src/pacs/orthancServer';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { ROOT, runCli } from '../../helpers/cli';

const skip = orthancMissing();
const tmp = mkdtempSync(join(tmpdir(), 'taggan-pacs-cli-'));
let orthanc: OrthancServer | undefined;
const env = { TAGGAN_PACS_PASSWORD: 'cli-secret-42' };

before(async () => {
  if (skip) return;
  orthanc = await startOrthanc({ users: { tech: env.TAGGAN_PACS_PASSWORD } });
  await orthanc.upload(join(ROOT, 'samples', 'dicom', 'chest-cr-RG1_J2KI.dcm'));
});
after(async () => {
  await orthanc?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('taggan pacs: search, import into a workspace, send the accepted mask back; no password on argv or in output', { skip }, async () => {
  const url = orthanc!.dicomweb;
  const noPw = await runCli(['pacs', 'search', url, '--user', 'tech']);
  assert.equal(noPw.code, 2);
  assert.match(noPw.stderr, /TAGGAN_PACS_PASSWORD/);
  const bad = await runCli(['pacs', 'search', url, '--user', 'tech'], { env: { TAGGAN_PACS_PASSWORD: 'nope' } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error PACS_AUTH: GET http:\/\/127\.0\.0\.1:\d+\/dicom-web\/studies: 401/);

  const s = await runCli(['pacs', 'search', url, '--user', 'tech', '--modality', 'CR', '--json'], { env });
  assert.equal(s.code, 0, s.stderr);
  const studies = JSON.parse(s.stdout) as { studyInstanceUid: string; patientName: string }[];
  assert.equal(studies.length, 1);
  const study = studies[0]!.studyInstanceUid;
  const text = await runCli(['pacs', 'search', url, '--user', 'tech', '--patient', 'Compressed*'], { env });
  assert.match(text.stdout, /CompressedSamples\^RG1.*1 series, 1 images/);
  assert.match(text.stdout, /1 study on .* \(as tech\)/);

  const ws = join(tmp, 'ws');
  assert.equal((await runCli(['workspace', 'init', ws])).code, 0);
  const imp = await runCli(['pacs', 'import', url, '--user', 'tech', '--workspace', ws, '--study', study], { env });
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /imported 1 image\(s\) from .* images\/s/);

  const w = Workspace.open(ws);
  try {
    const [img] = w.listImages();
    const mask = new Uint8Array(img!.width * img!.height).fill(1, 0, img!.width * 10);
    w.saveAnnotation({ imageId: img!.id, mask: { width: img!.width, height: img!.height, data: mask }, status: 'edited' });
    assert.equal(w.imageSource(img!.id)!.serverUrl, url);
  } finally {
    w.close();
  }
  const send = await runCli(['pacs', 'send', url, '--user', 'tech', '--workspace', ws], { env });
  assert.equal(send.code, 0, send.stderr);
  assert.match(send.stdout, /sent 1 instance\(s\) to /);
  const series = await runCli(['pacs', 'series', url, study, '--user', 'tech'], { env });
  assert.match(series.stdout, /SEG/);
  for (const r of [s, text, imp, send, series]) assert.ok(!`${r.stdout}${r.stderr}`.includes(env.TAGGAN_PACS_PASSWORD));
});
