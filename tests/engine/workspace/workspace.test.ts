import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { EngineError } from '../../../engine/src/errors';
import { decodeMap } from '../../../engine/src/workspace/mapCodec';
import { DB_FILE, Workspace } from '../../../engine/src/workspace/workspace';
import { SCHEMA_VERSION } from '../../../engine/src/workspace/schema';
import { SHARED } from '../../helpers/cli';
import { editMask } from './editMask';
import { tempDir, writeTestJpeg, writeTestPng } from './fixtures';

const DX = join(SHARED, 'dicom/samples/dx_image.dcm');

function isEngineError(code: string, re?: RegExp) {
  return (e: unknown) => e instanceof EngineError && e.code === code && (!re || re.test(e.message));
}

test('init creates the folder layout and a versioned database, in WAL mode while open and rollback mode at rest', () => {
  const dir = join(tempDir(), 'ws');
  const ws = Workspace.init(dir);
  try {
    assert.ok(existsSync(join(dir, DB_FILE)));
    assert.ok(existsSync(join(dir, 'models')) && existsSync(join(dir, 'exports')));
    assert.equal(ws.schemaVersion, SCHEMA_VERSION);
    assert.equal(ws.meta('app'), 'taggan-desk');
    assert.match(ws.meta('deid_secret')!, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(join(dir, `${DB_FILE}-wal`)), 'WAL while open');
  } finally {
    ws.close();
  }
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  // At rest the file is in rollback-journal mode, so a read-only copy can be opened without a -shm file.
  assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
  db.close();
  assert.throws(() => Workspace.init(dir), isEngineError('WORKSPACE', /already a workspace/));
});

test('open refuses a folder that is not a workspace, a non-SQLite file and a newer schema', () => {
  const base = tempDir();
  assert.throws(() => Workspace.open(join(base, 'nope')), isEngineError('WORKSPACE', /no such workspace/));
  assert.throws(() => Workspace.open(base), isEngineError('WORKSPACE', /not a workspace/));
  const junk = join(base, 'junk');
  mkdirSync(junk);
  writeFileSync(join(junk, DB_FILE), 'this is not sqlite at all, just text '.repeat(100));
  assert.throws(() => Workspace.open(junk), isEngineError('WORKSPACE', /not a valid SQLite/));
  assert.ok(!existsSync(join(junk, 'workspace.lock')), 'a failed open releases the lock');

  const dir = join(base, 'ws');
  Workspace.init(dir).close();
  const db = new Database(join(dir, DB_FILE));
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(() => Workspace.open(dir), isEngineError('WORKSPACE', new RegExp(`schema version ${SCHEMA_VERSION + 1} is newer`)));
});

test('addImages: DICOM, PNG, JPEG, folders recursively, duplicates by hash, bad files reported by name', async () => {
  const base = tempDir();
  const imgs = join(base, 'imgs');
  mkdirSync(join(imgs, 'sub'), { recursive: true });
  const a = writeTestPng(join(imgs, 'a.png'), 40, 30, 1);
  writeTestPng(join(imgs, 'sub', 'a-copy.png'), 40, 30, 1); // same bytes as a.png
  const j = writeTestJpeg(join(imgs, 'sub', 'c.jpg'), 24, 16);
  writeFileSync(join(imgs, 'README.txt'), 'not an image');
  const broken = join(imgs, 'broken.png');
  writeFileSync(broken, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]));
  const ws = Workspace.init(join(base, 'ws'));
  try {
    const r = await ws.addImages([imgs, DX, join(base, 'missing.dcm')]);
    assert.equal(r.added.length, 3, JSON.stringify(r));
    assert.deepEqual(r.duplicates.map((d) => d.path), [join(imgs, 'sub', 'a-copy.png')]);
    assert.deepEqual(r.skipped, [join(imgs, 'README.txt')]);
    const failed = Object.fromEntries(r.failed.map((f) => [f.path, f]));
    assert.equal(failed[broken]?.code, 'BAD_IMAGE');
    assert.match(failed[broken]!.message, /broken\.png/);
    assert.equal(failed[join(base, 'missing.dcm')]?.code, 'NOT_FOUND');

    const list = ws.listImages();
    const dx = list.find((i) => i.format === 'dicom')!;
    assert.equal(dx.width, 211);
    assert.equal(dx.height, 169);
    assert.equal(dx.modality, 'DX');
    assert.equal(dx.sopInstanceUid, '1.2.826.0.1.3680043.8.498.42452074182619431090433355790131769947');
    assert.deepEqual(dx.pixelSpacing, [1.2, 1.201199999999]);
    assert.equal(list.find((i) => i.path === a)!.width, 40);
    assert.equal(list.find((i) => i.path === j)!.format, 'jpeg');
    // Adding again: everything is a duplicate.
    const again = await ws.addImages([imgs]);
    assert.equal(again.added.length, 0);
    assert.equal(again.duplicates.length, 3);
    assert.equal(ws.resolveImage(DX).id, dx.id);
    assert.equal(ws.resolveImage(String(dx.id)).path, DX);
  } finally {
    ws.close();
  }
});

test('labels, proposals (mask + map), annotation versions, status and the audit trail', async () => {
  const base = tempDir();
  const ws = Workspace.init(join(base, 'ws'), { actor: 'dr-a' });
  try {
    const id = (await ws.addImages([writeTestPng(join(base, 'x.png'), 64, 48, 3)])).added[0]!.id;
    assert.equal(ws.getImage(id)!.status, 'new');
    const l1 = ws.setLabel(id, 'abnormal');
    const l2 = ws.setLabel(id, 'normal', 'dr-b');
    assert.equal(ws.getImage(id)!.label, 'normal');
    assert.throws(() => ws.setLabel(id, 'maybe' as 'normal'), isEngineError('BAD_REQUEST'));

    const mask = editMask(64, 48, 5);
    const map = { width: 16, height: 12, data: Float32Array.from({ length: 192 }, (_, i) => (i - 96) / 100) };
    const p = ws.saveProposal({ imageId: id, modelId: 'tbva-ckpt-7', threshold: 0.42, mask, map, stats: { modelMs: 95, belowFloor: false }, params: { minArea: 2 } });
    assert.equal(ws.getImage(id)!.status, 'proposed');
    assert.equal(p.maskArea, 49);
    const got = ws.getProposal(p.id, { withMap: true })!;
    assert.deepEqual(got.mask.data, mask.data);
    assert.deepEqual(got.record.stats, { modelMs: 95, belowFloor: false });
    assert.deepEqual(got.record.params, { minArea: 2 });
    const back = got.map!;
    assert.equal(back.width, 16);
    for (let i = 0; i < 192; i++) assert.ok(Math.abs(back.data[i]! - map.data[i]!) < 1e-3, `map value ${i}`);
    assert.throws(() => decodeMap(Buffer.from('not a map')), isEngineError('CORRUPT'));
    assert.throws(() => ws.saveProposal({ imageId: id, modelId: 'm', threshold: 0.5, mask: editMask(10, 10, 1) }), isEngineError('BAD_REQUEST', /10x10 but image/));

    const a1 = ws.saveAnnotation({ imageId: id, mask, proposalId: p.id });
    assert.equal(a1.origin, 'automatic');
    assert.equal(a1.status, 'accepted');
    const a2 = ws.saveAnnotation({ imageId: id, mask: editMask(64, 48, 6), proposalId: p.id, author: 'dr-b' });
    assert.equal(a2.origin, 'semiautomatic');
    assert.equal(a2.status, 'edited');
    assert.equal(a2.version, 2);
    const a3 = ws.saveAnnotation({ imageId: id, mask: null, status: 'rejected' });
    assert.equal(a3.origin, 'manual');
    assert.equal(a3.maskArea, 0);
    assert.equal(ws.getImage(id)!.status, 'rejected');
    assert.deepEqual(ws.annotationVersions(id).map((v) => v.version), [1, 2, 3]);
    assert.deepEqual(ws.latestAnnotation(id)!.record.id, a3.id);

    const s = ws.status();
    assert.equal(s.images, 1);
    assert.equal(s.byLabel.normal, 1);
    assert.equal(s.byStatus.rejected, 1);
    assert.equal(s.proposals, 1);
    assert.equal(s.annotations, 3);

    const log = ws.auditLog({ imageId: id });
    assert.deepEqual(log.map((e) => e.action), ['image.add', 'label.set', 'label.set', 'proposal.save', 'annotation.save', 'annotation.save', 'annotation.save']);
    const relabel = log[2]!;
    assert.equal(relabel.actor, 'dr-b');
    assert.equal(relabel.beforeId, l1.id);
    assert.equal(relabel.afterId, l2.id);
    assert.equal(log[5]!.beforeId, a1.id);
    assert.equal(log[5]!.afterId, a2.id);
  } finally {
    ws.close();
  }
});

test('the audit log and annotation versions cannot be rewritten', () => {
  const dir = join(tempDir(), 'ws');
  const ws = Workspace.init(dir);
  ws.close();
  const db = new Database(join(dir, DB_FILE));
  try {
    assert.throws(() => db.prepare("UPDATE audit SET actor = 'x'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit').run(), /append-only/);
  } finally {
    db.close();
  }
});

test('stored masks are compressed', async () => {
  const base = tempDir();
  const ws = Workspace.init(join(base, 'ws'));
  try {
    const id = (await ws.addImages([writeTestPng(join(base, 'big.png'), 1000, 800, 9)])).added[0]!.id;
    ws.saveAnnotation({ imageId: id, mask: editMask(1000, 800, 3) });
  } finally {
    ws.close();
  }
  const db = new Database(join(base, 'ws', DB_FILE), { readonly: true });
  const len = db.prepare('SELECT length(mask) FROM annotations').pluck().get() as number;
  db.close();
  assert.ok(len < 2000, `800k-pixel mask stored in ${len} bytes`);
});
