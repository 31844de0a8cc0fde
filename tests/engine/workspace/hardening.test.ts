/**
 * Workspace robustness on real file systems: a full disk (a small tmpfs filled up) while opening leaves no
 * lock behind and is reported as IO, never as WORKSPACE_IN_USE; SQLite's full disk is IO; a read-only file
 * system opens read-only (view, export elsewhere); a lock whose pid was reused or that predates a reboot is
 * stale, a live holder's lock names the file to delete; relative paths are refused by workspace.open; symlink
 * loops are IO; `taggan workspace status` exits quietly when its reader goes away (EPIPE).
 * The tmpfs tests need mount rights (root); elsewhere they skip with the reason printed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EngineCallError } from '../../../engine/protocol/client';
import { EngineError, toErrorPayload } from '../../../engine/src/errors';
import { exportWorkspace } from '../../../engine/src/export/exportWorkspace';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { bootId, LOCK_FILE, processStartTicks } from '../../../engine/src/workspace/workspaceLock';
import { ROOT } from '../../helpers/cli';
import { inProcessClient } from '../methods/engineClient';
import { tempDir, writeTestPng } from './fixtures';
import { startWorker } from './processes';

const mounts: string[] = [];
after(() => {
  for (const m of mounts) spawnSync('umount', ['-l', m]);
});

/** A fresh tmpfs of `kib` KiB, or the reason it cannot be made here. */
function tmpfs(kib: number): string | { skip: string } {
  const dir = tempDir('taggan-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `cannot mount a tmpfs here (${(r.stderr || r.error?.message || '').trim()})` };
  mounts.push(dir);
  return dir;
}
const canMount = (() => {
  const t = tmpfs(64);
  return typeof t === 'string' ? undefined : t.skip;
})();

/** Fills the file system holding `dir` until a write fails with ENOSPC; returns the filler's path. */
function fill(dir: string): string {
  const p = join(dir, 'filler.bin');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${p}`, 'bs=4k'], { stdio: 'ignore' });
  } catch {
    /* dd ends with "No space left on device" */
  }
  return p;
}

const isCode = (code: string, re?: RegExp) => (e: unknown) => e instanceof EngineError && e.code === code && (!re || re.test(e.message));

test('a full disk while opening: IO "no space left", no lock left behind, no false WORKSPACE_IN_USE afterwards', { skip: canMount }, async () => {
  const fs = tmpfs(2048) as string;
  const dir = join(fs, 'ws');
  const ws = Workspace.init(dir);
  const id = (await ws.addImages([writeTestPng(join(fs, 'a.png'), 16, 16, 1)])).added[0]!.id;
  ws.close();
  const filler = fill(fs);
  assert.throws(() => Workspace.open(dir), isCode('IO', /no space left/));
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(LOCK_FILE)), [], 'neither a lock nor its temporary file is left');
  rmSync(filler);
  const again = Workspace.open(dir);
  assert.equal(again.getImage(id)?.id, id);
  // SQLite running out of space mid-write is IO too.
  const filler2 = fill(fs);
  let thrown: unknown;
  try {
    for (let i = 0; i < 200; i++) again.setLabel(id, i % 2 ? 'normal' : 'abnormal');
  } catch (e) {
    thrown = e;
  }
  rmSync(filler2);
  assert.ok(thrown, 'SQLite ran into the full disk');
  assert.equal(toErrorPayload(thrown).code, 'IO', String(thrown));
  assert.match(toErrorPayload(thrown).message, /no space left/);
  again.close();
});

test('a read-only file system opens read-only: view and export elsewhere work, changes are refused typed', { skip: canMount }, async () => {
  const fs = tmpfs(4096) as string;
  const dir = join(fs, 'ws');
  const ws = Workspace.init(dir);
  const id = (await ws.addImages([writeTestPng(join(fs, 'a.png'), 32, 24, 1)])).added[0]!.id;
  ws.setLabel(id, 'abnormal');
  ws.saveAnnotation({ imageId: id, mask: { width: 32, height: 24, data: new Uint8Array(32 * 24).fill(1, 0, 100) } });
  ws.close();
  execFileSync('mount', ['-o', 'remount,ro', fs]);
  const ro = Workspace.open(dir);
  try {
    assert.equal(ro.readOnly, true);
    assert.equal(ro.status().readOnly, true);
    assert.equal(ro.listImages().length, 1);
    assert.equal(ro.annotationVersions(id).length, 1);
    let err: unknown;
    try {
      ro.setLabel(id, 'normal');
    } catch (e) {
      err = e;
    }
    assert.equal(toErrorPayload(err).code, 'WORKSPACE');
    assert.match(toErrorPayload(err).message, /read-only/);
    const out = join(tempDir(), 'export');
    const r = exportWorkspace(ro, { outDir: out, formats: ['png'] });
    assert.equal(r.exported, 1);
    assert.ok(existsSync(join(out, 'masks', 'img000001.png')));
    assert.ok(r.warnings.some((w) => /read-only/.test(w)));
  } finally {
    ro.close();
  }
  // The CLI says so.
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'engine/src/cli.ts', 'workspace', 'status', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /read-only/);
});

test('a workspace left in WAL mode by a killed writer opens read-only from a snapshot on a read-only file system', { skip: canMount }, async () => {
  const fs = tmpfs(8192) as string;
  const dir = join(fs, 'ws');
  const ws = Workspace.init(dir);
  const id = (await ws.addImages([writeTestPng(join(fs, 'a.png'), 48, 40, 1)])).added[0]!.id;
  ws.close();
  const writer = startWorker(dir, id);
  try {
    await writer.waitFor((_, ready) => ready);
    writer.child.stdin.write('1\n2\n3\n');
    await writer.waitFor((acks) => acks.length === 3);
  } finally {
    writer.child.kill('SIGKILL');
    await writer.exited;
  }
  assert.ok(existsSync(join(dir, 'workspace.sqlite-wal')), 'the killed writer left its WAL');
  execFileSync('mount', ['-o', 'remount,ro', fs]);
  const snapshots = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('taggan-ro-')));
  const before = snapshots();
  const ro = Workspace.open(dir);
  let mine: string[];
  try {
    mine = [...snapshots()].filter((n) => !before.has(n));
    assert.equal(mine.length, 1, 'read from a private snapshot');
    assert.equal(ro.readOnly, true);
    assert.equal(ro.annotationVersions(id).length, 3, 'the three acknowledged edits, read from the WAL');
  } finally {
    ro.close();
  }
  assert.ok(!existsSync(join(tmpdir(), mine[0]!)), 'the snapshot is removed on close');
});

function writeLock(dir: string, info: object): void {
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ host: hostname(), since: '2020-01-01T00:00:00.000Z', ...info }));
}

test('locks: a reused pid or a lock from before a reboot is stale; a live holder is named with a hint', async () => {
  const base = tempDir();
  const dir = join(base, 'ws');
  Workspace.init(dir).close();
  const sleeper = spawn('sleep', ['30']);
  try {
    await new Promise((r) => sleeper.once('spawn', r));
    const pid = sleeper.pid!;
    const ticks = processStartTicks(pid);
    if (ticks === undefined) {
      console.log('skip pid-reuse check: no /proc/PID/stat here');
    } else {
      // The pid is alive but started at another time than the lock's holder: pid reuse, stale.
      writeLock(dir, { pid, startTicks: ticks + 1000, bootId: bootId() });
      Workspace.open(dir).close();
      // Same pid, same start time: a live holder. The message names it and the lock file to delete.
      writeLock(dir, { pid, startTicks: ticks, bootId: bootId() });
      assert.throws(() => Workspace.open(dir), isCode('WORKSPACE_IN_USE', new RegExp(`process ${pid} .*delete ${join(dir, LOCK_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
    }
    if (bootId()) {
      writeLock(dir, { pid, startTicks: ticks, bootId: 'another-boot' });
      Workspace.open(dir).close();
    }
  } finally {
    sleeper.kill();
  }
  assert.ok(!existsSync(join(dir, LOCK_FILE)), 'the lock is released on close');
});

test('workspace.open refuses a relative path (typed); symlink loops are IO, not NOT_FOUND', async () => {
  const c = inProcessClient();
  await assert.rejects(c.call('workspace.open', { dir: 'relative/ws' }), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /absolute/.test(e.message));
  await c.call('workspace.open', { dir: join(tempDir(), 'ws'), create: true });
  await assert.rejects(c.call('workspace.add', { paths: ['images/a.png'] }), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /absolute/.test(e.message));
  await c.call('workspace.close', {});
  const base = tempDir();
  symlinkSync(join(base, 'b'), join(base, 'a.png'));
  symlinkSync(join(base, 'a.png'), join(base, 'b'));
  const ws = Workspace.init(join(base, 'ws'));
  try {
    const r = await ws.addImages([join(base, 'a.png')]);
    assert.deepEqual(r.failed.map((f) => [f.code, /symbolic link loop/.test(f.message)]), [['IO', true]]);
  } finally {
    ws.close();
  }
});

test('`taggan workspace status WS` whose reader has gone exits 0 without an EPIPE stack trace', async () => {
  const base = tempDir();
  const dir = join(base, 'ws');
  mkdirSync(base, { recursive: true });
  Workspace.init(dir).close();
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/src/cli.ts', 'workspace', 'status', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the reader goes away before the first line, like `| head -0`
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error/);
  assert.equal(readFileSync(join(dir, 'workspace.sqlite')).length > 0, true);
});
