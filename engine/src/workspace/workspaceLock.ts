/**
 * One writer per workspace: a lock file `workspace.lock` holding {pid, host, since} created with O_EXCL.
 * A second process gets WORKSPACE_IN_USE naming the holder. A lock left by a process that died
 * (SIGKILL, power loss) is detected by its pid no longer running on this host and taken over.
 * SQLite's exclusive locking mode (see workspace.ts) backs this up, so even a race here cannot
 * let two writers into the database file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../errors';

export const LOCK_FILE = 'workspace.lock';

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

export interface WorkspaceLock {
  path: string;
  info: LockInfo;
  release(): void;
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof j.pid === 'number' && typeof j.host === 'string' ? j : undefined;
  } catch {
    return undefined;
  }
}

/** Grace period for a lock file that exists but is not yet readable (its writer is mid-write). */
const UNREADABLE_GRACE_MS = 5000;

/** Takes the workspace lock or throws WORKSPACE_IN_USE. */
export function acquireWorkspaceLock(dir: string): WorkspaceLock {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readLock(path);
      if (!held) {
        let age = 0;
        try {
          age = Date.now() - statSync(path).mtimeMs;
        } catch {
          continue; // vanished meanwhile: retry
        }
        if (age < UNREADABLE_GRACE_MS) {
          throw new EngineError('WORKSPACE_IN_USE', `workspace ${dir} is being opened by another process (lock file ${path})`);
        }
      } else if (held.host !== info.host || pidAlive(held.pid)) {
        const who = held.pid === process.pid && held.host === info.host ? 'this process' : `process ${held.pid} on ${held.host}`;
        throw new EngineError(
          'WORKSPACE_IN_USE',
          `workspace ${dir} is in use by ${who} since ${held.since}` +
            (held.host !== info.host ? ` (cannot check a process on another host; delete ${path} if it is gone)` : ''),
        );
      }
      // Stale: its process is gone. Remove only if it is still the same stale lock we judged.
      const again = readLock(path);
      if (again && held && (again.pid !== held.pid || again.since !== held.since)) continue;
      try {
        unlinkSync(path);
      } catch {
        /* someone else removed it; retry */
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(info));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      process.removeListener('exit', release);
      const cur = readLock(path);
      if (cur && cur.pid === info.pid && cur.since === info.since) {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      }
    };
    process.on('exit', release);
    return { path, info, release };
  }
  throw new EngineError('WORKSPACE_IN_USE', `workspace ${dir}: could not take the lock ${path} (contended)`);
}
