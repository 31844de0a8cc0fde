import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { EngineCallError, type EngineClient } from '../../../engine/protocol/client';
import { SHARED } from '../../helpers/cli';
import { inProcessClient } from './engineClient';

const DX = join(SHARED, 'dicom/samples/dx_image.dcm');
const CT = join(SHARED, 'dicom/conformance/CTImage.dcm');

function hasDcmmkdir(): boolean {
  try {
    execFileSync('dcmmkdir', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('fs.places / fs.list / fs.scan (real engine, real folders)', () => {
  let client: EngineClient;
  let tmp: string;
  before(() => {
    client = inProcessClient();
    tmp = mkdtempSync(join(tmpdir(), 'taggan-fs-'));
    // tmp/study/a.dcm (DICOM without extension check: named .bin), tmp/study/sub/b.png, notes.txt, .hidden.dcm
    mkdirSync(join(tmp, 'study', 'sub', 'deeper'), { recursive: true });
    copyFileSync(DX, join(tmp, 'study', 'a.bin'));
    copyFileSync(CT, join(tmp, 'study', 'sub', 'deeper', 'IM0001'));
    const png = new PNG({ width: 2, height: 2 });
    writeFileSync(join(tmp, 'study', 'sub', 'b.png'), PNG.sync.write(png));
    writeFileSync(join(tmp, 'study', 'notes.txt'), 'not an image');
    copyFileSync(DX, join(tmp, 'study', '.hidden.dcm'));
    symlinkSync(join(tmp, 'study'), join(tmp, 'study', 'sub', 'loop')); // a link loop back up
  });
  after(() => {
    client.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('fs.places gives absolute home and cwd', async () => {
    const p = await client.call('fs.places', {});
    assert.equal(p.home, homedir());
    assert.equal(p.cwd, process.cwd());
    assert.equal(p.sep, '/');
  });

  test('fs.list: folders first, files sniffed by content, hidden only on request, parent', async () => {
    const l = await client.call('fs.list', { dir: join(tmp, 'study') });
    assert.equal(l.dir, join(tmp, 'study'));
    assert.equal(l.parent, tmp);
    assert.deepEqual(l.entries.map((e) => [e.name, e.kind, e.format ?? null]), [
      ['sub', 'dir', null],
      ['a.bin', 'file', 'dicom'],
      ['notes.txt', 'file', null],
    ]);
    const a = l.entries.find((e) => e.name === 'a.bin')!;
    assert.ok(a.size > 1000);
    const withHidden = await client.call('fs.list', { dir: join(tmp, 'study'), hidden: true });
    assert.ok(withHidden.entries.some((e) => e.name === '.hidden.dcm'));
    const root = await client.call('fs.list', { dir: '/' });
    assert.equal(root.parent, null);
    // normalised
    const norm = await client.call('fs.list', { dir: join(tmp, 'study', 'sub', '..') });
    assert.equal(norm.dir, join(tmp, 'study'));
  });

  test('fs.list errors are typed and name the folder', async () => {
    await assert.rejects(client.call('fs.list', { dir: join(tmp, 'missing') }), (e: EngineCallError) => e.code === 'NOT_FOUND' && e.message.includes('missing'));
    await assert.rejects(client.call('fs.list', { dir: join(tmp, 'study', 'notes.txt') }), (e: EngineCallError) => e.code === 'BAD_REQUEST' && e.message.includes('notes.txt'));
    await assert.rejects(client.call('fs.list', { dir: 'study' }), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /absolute/.test(e.message));
    await assert.rejects(client.call('fs.list', { dir: '/tmp/a\0b' }), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /NUL/.test(e.message));
  });

  test('fs.scan: finds DICOM, PNG recursively by content, skips text and hidden, ends a link loop', async () => {
    const progress: number[] = [];
    const r = await client.call('fs.scan', { path: join(tmp, 'study') }, { onProgress: (p) => progress.push(p.data?.found ?? -1) });
    assert.deepEqual(r.images.map((i) => [i.path.slice(tmp.length + 1), i.format]), [
      ['study/a.bin', 'dicom'],
      ['study/sub/b.png', 'png'],
      ['study/sub/deeper/IM0001', 'dicom'],
    ]);
    assert.equal(r.truncated, false);
    assert.ok(progress.length >= 1 && progress.at(-1) === 3);
    const limited = await client.call('fs.scan', { path: join(tmp, 'study'), maxFiles: 2 });
    assert.equal(limited.images.length, 2);
    assert.equal(limited.truncated, true);
  });

  test('fs.scan of a file that is not a DICOMDIR, or a missing folder, is refused naming it', async () => {
    await assert.rejects(client.call('fs.scan', { path: join(tmp, 'study', 'a.bin') }), (e: EngineCallError) => e.code === 'BAD_REQUEST' && e.message.includes('a.bin'));
    await assert.rejects(client.call('fs.scan', { path: join(tmp, 'gone') }), (e: EngineCallError) => e.code === 'NOT_FOUND' && e.message.includes('gone'));
  });

  test('fs.scan reads a real DICOMDIR (made by dcmtk dcmmkdir): referenced files, missing ones reported', async (t) => {
    if (!hasDcmmkdir()) return t.skip('dcmmkdir (dcmtk) is not installed');
    const media = join(tmp, 'media');
    mkdirSync(join(media, 'IMG'), { recursive: true });
    copyFileSync(DX, join(media, 'IMG', 'IM1'));
    copyFileSync(CT, join(media, 'IMG', 'IM2'));
    execFileSync('dcmmkdir', ['+r', '+I', '-Nxc', 'IMG'], { cwd: media, stdio: 'ignore' });
    const viaFile = await client.call('fs.scan', { path: join(media, 'DICOMDIR') });
    assert.deepEqual(viaFile.images.map((i) => i.path).sort(), [join(media, 'IMG', 'IM1'), join(media, 'IMG', 'IM2')]);
    assert.ok(viaFile.images.every((i) => i.fromDicomdir === join(media, 'DICOMDIR') && i.format === 'dicom'));
    assert.deepEqual(viaFile.dicomdirs, [{ path: join(media, 'DICOMDIR'), referenced: 2, missing: [] }]);
    // The DICOMDIR is itself DICOM but is not listed as an image when scanning the folder.
    const viaFolder = await client.call('fs.scan', { path: media });
    assert.equal(viaFolder.images.length, 2);
    assert.ok(!viaFolder.images.some((i) => i.name === 'DICOMDIR'));
    const listing = await client.call('fs.list', { dir: media });
    assert.equal(listing.entries.find((e) => e.name === 'DICOMDIR')?.dicomdir, true);
    unlinkSync(join(media, 'IMG', 'IM2'));
    const broken = await client.call('fs.scan', { path: join(media, 'DICOMDIR') });
    assert.equal(broken.images.length, 1);
    assert.deepEqual(broken.dicomdirs[0]?.missing, ['IMG/IM2']);
  });
});
