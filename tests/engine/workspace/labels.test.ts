import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { trainingTarget } from '../../../engine/protocol/workspace';
import { EngineError } from '../../../engine/src/errors';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../engine/src/workspace/schema';
import { DB_FILE, Workspace } from '../../../engine/src/workspace/workspace';
import { inProcessClient } from '../methods/engineClient';
import { tempDir, writeTestPng } from './fixtures';

function isEngineError(code: string, re?: RegExp) {
  return (e: unknown) => e instanceof EngineError && e.code === code && (!re || re.test(e.message));
}

/** Writes a workspace exactly as schema version 1 left it (the v1 migration + the meta rows Workspace.init writes). */
function writeV1Workspace(dir: string, png: string): void {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, DB_FILE));
  db.exec(MIGRATIONS[0]!);
  db.pragma('user_version = 1');
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  put.run('app', 'taggan-desk');
  put.run('workspace_id', 'v1-test');
  db.prepare(
    `INSERT INTO images (id, path, sha256, format, width, height, status, added_at, added_by) VALUES (1, ?, ?, 'png', 32, 24, 'new', '2025-01-01T00:00:00Z', 'dr-old')`,
  ).run(png, 'a'.repeat(64));
  db.prepare(`INSERT INTO labels (image_id, label, author, created_at) VALUES (1, 'abnormal', 'dr-old', '2025-01-01T00:00:01Z')`).run();
  // The v1 CHECK refused anything but normal/abnormal: that is what migration 2 lifts.
  assert.throws(() => db.prepare(`INSERT INTO labels (image_id, label, author, created_at) VALUES (1, 'uncertain', 'x', 'y')`).run(), /CHECK/);
  db.close();
}

test('a schema-1 workspace opens, migrates to the current schema and keeps its labels; uncertain and classes then work', () => {
  assert.equal(SCHEMA_VERSION, 3);
  const base = tempDir();
  const dir = join(base, 'old-ws');
  writeV1Workspace(dir, writeTestPng(join(base, 'a.png'), 32, 24, 1));
  const ws = Workspace.open(dir, { actor: 'dr-new' });
  try {
    assert.equal(ws.schemaVersion, 3);
    assert.equal(ws.imageSource(1), null, 'migration 3: an image from before has no recorded server source');
    assert.equal(ws.getImage(1)!.label, 'abnormal', 'the v1 label survives the table rebuild');
    assert.deepEqual(ws.labelHistory(1).map((l) => [l.label, l.author]), [['abnormal', 'dr-old']]);
    assert.deepEqual(ws.labelClasses(), ['normal', 'abnormal']);
    ws.setLabel(1, 'uncertain');
    assert.equal(ws.getImage(1)!.label, 'uncertain');
    const s = ws.status();
    assert.deepEqual(s.byLabel, { normal: 0, abnormal: 0, uncertain: 1, unlabelled: 0 });
  } finally {
    ws.close();
  }
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  assert.equal(db.pragma('user_version', { simple: true }), 3);
  assert.ok((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'labels_image'").pluck().get() as string).includes('labels(image_id, id)'));
  db.close();
});

test('configurable classes: ordered list in meta, labels checked against it, classes in use cannot be dropped, audit kept', async () => {
  const base = tempDir();
  const ws = Workspace.init(join(base, 'ws'), { actor: 'dr-a' });
  try {
    const ids = (await ws.addImages([1, 2, 3].map((k) => writeTestPng(join(base, `i${k}.png`), 16, 16, k)))).added.map((a) => a.id);
    assert.throws(() => ws.setLabel(ids[0]!, 'pneumonia'), isEngineError('BAD_REQUEST', /normal, abnormal, uncertain/));
    assert.deepEqual(ws.setLabelClasses(['normal', 'pneumonia', 'nodule']), ['normal', 'pneumonia', 'nodule']);
    ws.setLabel(ids[0]!, 'pneumonia');
    ws.setLabel(ids[1]!, 'normal');
    ws.setLabel(ids[2]!, 'uncertain');
    assert.throws(() => ws.setLabel(ids[0]!, 'abnormal'), isEngineError('BAD_REQUEST', /not "abnormal"/));
    const s = ws.status();
    assert.deepEqual(s.labels, ['normal', 'pneumonia', 'nodule']);
    assert.deepEqual(s.byLabel, { normal: 1, pneumonia: 1, nodule: 0, uncertain: 1, unlabelled: 0 });
    assert.deepEqual(ws.listImages({ label: ['pneumonia'] }).map((i) => i.id), [ids[0]]);
    // Training reads the first class as normal, the others as abnormal, and ignores uncertain.
    assert.deepEqual(ws.listImages().map((i) => trainingTarget(i.label, s.labels)), ['abnormal', 'normal', null]);

    assert.throws(() => ws.setLabelClasses(['normal', 'nodule']), isEngineError('BAD_REQUEST', /"pneumonia" still label images/));
    assert.throws(() => ws.setLabelClasses(['normal']), isEngineError('BAD_REQUEST', /at least two/));
    assert.throws(() => ws.setLabelClasses(['normal', 'uncertain']), isEngineError('BAD_REQUEST', /reserved/));
    assert.throws(() => ws.setLabelClasses(['normal', 'a', 'a']), isEngineError('BAD_REQUEST', /twice/));
    assert.throws(() => ws.setLabelClasses(['normal', ' x']), isEngineError('BAD_REQUEST', /spaces/));
    ws.setLabelClasses(['normal', 'pneumonia']);
    const ev = ws.auditLog().filter((e) => e.action === 'labels.set');
    assert.equal(ev.length, 2);
    assert.deepEqual(ev[1]!.detail, { before: ['normal', 'pneumonia', 'nodule'], after: ['normal', 'pneumonia'] });
  } finally {
    ws.close();
  }
  // The list is stored: a reopened workspace has it.
  const again = Workspace.open(join(base, 'ws'));
  try {
    assert.deepEqual(again.labelClasses(), ['normal', 'pneumonia']);
  } finally {
    again.close();
  }
});

test('labels and classes through the engine protocol (workspace.labels, workspace.label) and image.thumbnail', async () => {
  const base = tempDir();
  const c = inProcessClient();
  try {
    await c.call('workspace.open', { dir: join(base, 'ws'), create: true });
    const png = writeTestPng(join(base, 'p.png'), 200, 100, 7);
    const [a] = (await c.call('workspace.add', { paths: [png] })).added;
    const st = await c.call('workspace.labels', { labels: ['normal', 'effusion'] });
    assert.deepEqual(st.labels, ['normal', 'effusion']);
    assert.equal((await c.call('workspace.label', { imageId: a!.id, label: 'effusion' })).label, 'effusion');
    await assert.rejects(c.call('workspace.label', { imageId: a!.id, label: 'abnormal' }), /not "abnormal"/);
    assert.deepEqual((await c.call('workspace.images', { label: 'effusion' })).map((i) => i.id), [a!.id]);

    const t = await c.call('image.thumbnail', { path: png, maxSide: 50 });
    assert.deepEqual([t.width, t.height, t.sourceWidth, t.sourceHeight], [50, 25, 200, 100]);
    assert.equal(t.data.length, 50 * 25);
    const full = await c.call('image.thumbnail', { path: png, maxSide: 4096 });
    assert.deepEqual([full.width, full.height], [200, 100], 'never enlarged');
    // writeTestPng: value (i*7 + seed*13) & 255 at pixel i; the 8-bit model view gives it back exactly.
    for (const i of [0, 1, 999, 19999]) assert.equal(full.data[i], (i * 7 + 7 * 13) & 255);
    await assert.rejects(c.call('image.thumbnail', { path: join(base, 'nope.png'), maxSide: 64 }), /nope\.png/);
  } finally {
    c.close();
  }
});
