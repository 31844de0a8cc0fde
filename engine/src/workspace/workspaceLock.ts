/**
 * One writer per workspace: a lock file `workspace.lock` holding {pid, host, since, bootId, startTicks}.
 * It is written completely to a private temporary file first and then hard-linked into place (atomic; EEXIST
 * when held), so a full disk can never leave an empty or half-written lock behind: the open fails with IO
 * "no space left" and removes its temporary file. A second process gets WORKSPACE_IN_USE naming the holder,
 * with a hint on what to do if that is wrong. A lock is stale, and taken over, when on this host its pid is
 * not running, or the machine was rebooted since (boot id), or the pid now belongs to a process that started
 * at another time than the holder did (pid reuse, from /proc/PID/stat start time). SQLite's exclusive locking
 * mode (see workspace.ts) backs this up. On a read-only folder or file system no lock can be written:
 * acquireWorkspaceLock returns a read-only marker and the workspace opens read-only (view and export only).
 */
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../errors';

export const LOCK_FILE = 'workspace.lock';

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  /** Linux boot id (/proc/sys/kernel/random/boot_id): a lock from before a reboot is stale. */
  bootId?: string;
  /** Start time of the holder in clock ticks since boot (/proc/PID/stat field 22): tells a reused pid apart. */
  startTicks?: number;
}

export interface WorkspaceLock {
  path: string;
  info: LockInfo;
  /** True when nothing could be written (read-only folder): no lock is held. */
  readOnly: boolean;
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

/** This machine's boot id, where the OS has one (Linux). */
export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A process's start time in clock ticks since boot (Linux), or undefined. */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime 22.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(rest[19]);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
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

/** Why a lock held on this host is stale, or undefined when its holder is still the process that wrote it. */
export function staleReason(held: LockInfo, here: { host: string; bootId?: string }): string | undefined {
  if (held.host !== here.host) return undefined; // cannot check another host
  if (held.bootId && here.bootId && held.bootId !== here.bootId) return 'the machine was restarted since';
  if (!pidAlive(held.pid)) return `process ${held.pid} is not running`;
  if (held.startTicks !== undefined) {
    const now = processStartTicks(held.pid);
    if (now !== undefined && now !== held.startTicks) return `pid ${held.pid} now belongs to another process (started at another time)`;
  }
  return undefined;
}

/** Grace period for a lock file that exists but is not readable (written by an older version, or damaged). */
const UNREADABLE_GRACE_MS = 5000;

const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

function writeTemp(tmp: string, info: LockInfo): void {
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, JSON.stringify(info));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Takes the workspace lock or throws WORKSPACE_IN_USE (or IO); returns a read-only marker on a read-only folder. */
export function acquireWorkspaceLock(dir: string): WorkspaceLock {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const boot = bootId();
  if (boot) info.bootId = boot;
  const ticks = processStartTicks(process.pid);
  if (ticks !== undefined) info.startTicks = ticks;
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeTemp(tmp, info);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (READ_ONLY_CODES.has(code)) return { path, info, readOnly: true, release: () => {} };
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new EngineError('IO', `no space left on the device: cannot write the workspace lock (${code})`, path);
    throw new EngineError('IO', `cannot write the workspace lock (${code || (e as Error).message})`, path);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new EngineError('IO', `cannot take the workspace lock (${(e as Error).message})`, path);
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
        } else {
          const why = staleReason(held, { host: info.host, bootId: boot });
          if (!why) {
            const self = held.pid === process.pid && held.host === info.host;
            const who = self ? 'this process' : `process ${held.pid} on ${held.host}`;
            throw new EngineError(
              'WORKSPACE_IN_USE',
              `workspace ${dir} is in use by ${who} since ${held.since}` +
                (self
                  ? ''
                  : held.host !== info.host
                    ? ` (cannot check a process on another host; if it is gone, delete ${path})`
                    : ` (if process ${held.pid} is not TagGAN Desk, e.g. after a crash, delete ${path})`),
            );
          }
        }
        // Stale (or unreadable for long): remove only if it is still the same lock we judged.
        const again = readLock(path);
        if (again && held && (again.pid !== held.pid || again.since !== held.since)) continue;
        try {
          unlinkSync(path);
        } catch {
          /* someone else removed it; retry */
        }
        continue;
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
      return { path, info, readOnly: false, release };
    }
    throw new EngineError('WORKSPACE_IN_USE', `workspace ${dir}: could not take the lock ${path} (contended)`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}
