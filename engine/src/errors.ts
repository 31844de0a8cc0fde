import type { EngineErrorPayload, ErrorCode } from '../protocol/errors';
import { isErrorCode } from '../protocol/errors';

/** An error with a code from the protocol's closed list; thrown anywhere in the engine. */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;

  constructor(code: ErrorCode, message: string, file?: string) {
    super(file && !message.includes(file) ? `${file}: ${message}` : message);
    this.name = 'EngineError';
    this.code = code;
    this.file = file;
  }

  toPayload(): EngineErrorPayload {
    return this.file === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, file: this.file };
  }
}

/** SQLite result codes in words: a full disk or an I/O failure is IO, a read-only database is WORKSPACE. */
function sqliteError(code: string, msg: string): EngineErrorPayload {
  if (code === 'SQLITE_FULL') return { code: 'IO', message: `no space left on the device: the workspace database cannot grow (${msg})` };
  if (code.startsWith('SQLITE_READONLY')) return { code: 'WORKSPACE', message: `the workspace is open read-only: changes are refused (${msg})` };
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_NOLFS') return { code: 'IO', message: `${code}: ${msg}` };
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return { code: 'WORKSPACE_IN_USE', message: msg };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return { code: 'WORKSPACE', message: `the workspace database is damaged (${msg})` };
  return { code: 'INTERNAL', message: `${code}: ${msg}` };
}

/** Turns anything thrown into a protocol error payload, keeping typed errors as they are. */
export function toErrorPayload(err: unknown): EngineErrorPayload {
  if (err instanceof EngineError) return err.toPayload();
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; name?: unknown };
    if (isErrorCode(e.code) && typeof e.message === 'string') return { code: e.code, message: e.message };
    if (e.name === 'AbortError') return { code: 'CANCELLED', message: 'cancelled' };
    const msg = typeof e.message === 'string' ? e.message : String(err);
    if (/out of memory|OOM|Failed to allocate/i.test(msg)) return { code: 'OUT_OF_MEMORY', message: msg };
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return sqliteError(e.code, msg);
    if (e.code === 'ENOENT') return { code: 'NOT_FOUND', message: msg };
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return { code: 'IO', message: msg };
    return { code: 'INTERNAL', message: msg };
  }
  return { code: 'INTERNAL', message: String(err) };
}

/** Throws CANCELLED when the signal has fired; call between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('CANCELLED', 'cancelled');
}
