import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { masksEqual } from '../../../engine/mask/binaryMask';
import { DB_FILE, Workspace } from '../../../engine/src/workspace/workspace';
import { editMask } from './editMask';
import { tempDir, writeTestPng } from './fixtures';
import { startWorker } from './processes';

test('SIGKILL in the middle of a stream of edits loses no acknowledged edit', async () => {
  const base = tempDir();
  const dir = join(base, 'ws');
  const ws = Workspace.init(dir);
  const imageId = (await ws.addImages([writeTestPng(join(base, 'img.png'), 48, 40, 1)])).added[0]!.id;
  ws.close();

  const worker = startWorker(dir, imageId);
  await worker.waitFor((_, ready) => ready);
  const total = 5000;
  worker.child.stdin.write(Array.from({ length: total }, (_, i) => `${i + 1}\n`).join(''));
  const killAfter = 30 + Math.floor(Math.random() * 150);
  await worker.waitFor((acks) => acks.length >= killAfter);
  worker.child.kill('SIGKILL');
  await worker.exited;
  const acked = [...worker.acks];
  assert.ok(acked.length >= killAfter && acked.length < total, `killed mid-stream after ${acked.length} acks (asked ${killAfter})`);
  assert.ok(existsSync(join(dir, 'workspace.lock')), 'the killed process left its lock file behind');

  // Reopen: the stale lock (dead pid) is taken over, and every acknowledged edit is there.
  const again = Workspace.open(dir);
  try {
    const versions = again.annotationVersions(imageId);
    const byNote = new Map(versions.map((v) => [v.note, v]));
    for (const n of acked) assert.ok(byNote.has(`edit ${n}`), `acknowledged edit ${n} is missing after the crash`);
    // At most the one edit in flight when killed may be there without an ack.
    assert.ok(versions.length <= acked.length + 1, `${versions.length} versions for ${acked.length} acks`);
    const last = acked.at(-1)!;
    const stored = again.getAnnotation(byNote.get(`edit ${last}`)!.id)!;
    assert.ok(masksEqual(stored.mask, editMask(48, 40, last)), 'mask of the last acknowledged edit is intact');
    const labels = again.labelHistory(imageId);
    assert.ok(labels.length >= acked.length);
    assert.equal(again.auditLog({ imageId }).filter((e) => e.action === 'annotation.save').length, versions.length);
  } finally {
    again.close();
  }
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});
