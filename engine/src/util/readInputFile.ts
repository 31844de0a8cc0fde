/**
 * Reads an input file (image to import, decode, view or export) refusing, by type and before reading a byte,
 * what is not a regular file: a FIFO, a device (a symlink to /dev/zero), a socket or a folder would block or
 * never end. Files over MAX_FILE_BYTES are refused by size. Errors are typed and name the file:
 * NOT_FOUND (no such file), IO (symbolic link loop, permission, read error), BAD_REQUEST (not a regular
 * file), UNSUPPORTED_IMAGE (over the size cap).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { formatBytes, MAX_FILE_BYTES } from './limits';
import { EngineError } from '../errors';

/** What kind of non-regular file `st` is, in words. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Maps an fs error on `path` to a typed error (ELOOP is a loop, not a missing file). */
export function fsError(e: unknown, path: string, doing: string): EngineError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new EngineError('NOT_FOUND', 'no such file', path);
  if (code === 'ELOOP') return new EngineError('IO', 'symbolic link loop (too many levels of symbolic links)', path);
  if (code === 'EACCES' || code === 'EPERM') return new EngineError('IO', `permission denied (${doing})`, path);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new EngineError('IO', `no space left on the device (${doing})`, path);
  return new EngineError('IO', `cannot ${doing} (${code ?? (e as Error).message})`, path);
}

/** Stats `path` (following links) and refuses anything but a regular file of at most `maxBytes`. */
export function checkRegularFile(path: string, maxBytes = MAX_FILE_BYTES): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw fsError(e, path, 'read');
  }
  if (st.isDirectory()) throw new EngineError('BAD_REQUEST', 'is a folder, not a file', path);
  if (!st.isFile()) throw new EngineError('BAD_REQUEST', `is ${fileKind(st)}, not a regular file; refused`, path);
  if (st.size > maxBytes) {
    throw new EngineError('UNSUPPORTED_IMAGE', `the file is ${formatBytes(st.size)}, over the ${formatBytes(maxBytes)} limit`, path);
  }
  return st;
}

/** Reads a whole regular file (see the module comment). */
export function readInputFile(path: string, maxBytes = MAX_FILE_BYTES): Buffer {
  checkRegularFile(path, maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, open does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fsError(e, path, 'open');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new EngineError('BAD_REQUEST', `is ${fileKind(st)}, not a regular file; refused`, path);
    if (st.size > maxBytes) throw new EngineError('UNSUPPORTED_IMAGE', `the file is ${formatBytes(st.size)}, over the ${formatBytes(maxBytes)} limit`, path);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break; // shrank meanwhile
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw fsError(e, path, 'read');
  } finally {
    closeSync(fd);
  }
}
