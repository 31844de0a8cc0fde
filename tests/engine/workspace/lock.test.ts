import assert from 'node:assert/strict';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { EngineError } from '../../../engine/src/errors';
import { DB_FILE, Workspace } from '../../../engine/src/workspace/workspace';
import { runCli } from '../../helpers/cli';
import { tempDir, writeTestPng } from './fixtures';
import { startWorker } from './processes';

function inUse(re?: RegExp) {
  return (e: unknown) => e instanceof EngineError && e.code === 'WORKSPACE_IN_USE' && (!re || re.test(e.message));
}

test('a second process gets WORKSPACE_IN_USE while another holds the workspace; a dead holder does not block', async () => {
  const base = tempDir();
  const dir = join(base, 'ws');
  const ws = Workspace.init(dir);
  const imageId = (await ws.addImages([writeTestPng(join(base, 'img.png'), 16, 16, 2)])).added[0]!.id;
  assert.throws(() => Workspace.open(dir), inUse(/this process/), 'same process, second open');
  ws.close();

  const holder = startWorker(dir, imageId);
  try {
    await holder.waitFor((_, ready) => ready);
    // This test process is a second process.
    assert.throws(() => Workspace.open(dir), inUse(new RegExp(`process ${holder.child.pid}`)));
    // And so is a CLI run.
    const r = await runCli(['workspace', 'status', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /WORKSPACE_IN_USE/);
    assert.match(r.stderr, new RegExp(`process ${holder.child.pid}`));
    // Even with the lock file deleted behind its back, SQLite's exclusive lock keeps a second writer out.
    unlinkSync(join(dir, 'workspace.lock'));
    assert.throws(() => Workspace.open(dir), inUse(/locked by another process/));
    assert.ok(!existsSync(join(dir, 'workspace.lock')), 'the refused opener removed only its own lock');
    holder.child.stdin.write('1\n2\n');
    await holder.waitFor((acks) => acks.length === 2);
  } finally {
    holder.child.kill('SIGKILL');
    await holder.exited;
  }

  // The holder was killed: the next open works and nothing is corrupted.
  const again = Workspace.open(dir);
  try {
    assert.equal(again.annotationVersions(imageId).length, 2);
  } finally {
    again.close();
  }
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('a stale lock file naming a dead process is taken over', async () => {
  const base = tempDir();
  const dir = join(base, 'ws');
  Workspace.init(dir).close();
  const holder = startWorker(dir, 1);
  await holder.waitFor((_, ready) => ready);
  const lock = JSON.parse(readFileSync(join(dir, 'workspace.lock'), 'utf8'));
  assert.equal(lock.pid, holder.child.pid);
  holder.child.kill('SIGKILL');
  await holder.exited;
  assert.ok(existsSync(join(dir, 'workspace.lock')));
  const r = await runCli(['workspace', 'status', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).images, 0);
  assert.ok(!existsSync(join(dir, 'workspace.lock')), 'the CLI released its lock on exit');
});
