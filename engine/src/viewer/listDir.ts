/**
 * Lists one folder for the in-app file browser: folders first, then files, each sorted by name; files are
 * sniffed for image formats (first 132 bytes). Symbolic links are followed for their kind; dangling ones
 * show as "other". Hidden entries (".name") only when asked. Errors are typed and name the folder.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FsEntry, FsListing } from '../../protocol/fs';
import { EngineError } from '../errors';
import { checkPath } from './checkPath';
import { isDicomdirName } from './readDicomdir';
import { sniffFile } from '../image/sniffFormat';

/** Most entries returned for one folder. */
export const MAX_LIST_ENTRIES = 5000;

export interface ListDirOptions {
  hidden?: boolean;
  /** Sniff at most this many files for their format (default MAX_LIST_ENTRIES). */
  maxSniff?: number;
}

export function listDir(rawDir: string, opts: ListDirOptions = {}): FsListing {
  const dir = checkPath(rawDir, 'folder');
  let names: string[];
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new EngineError('BAD_REQUEST', 'is not a folder', dir);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new EngineError('NOT_FOUND', 'no such folder', dir);
    throw new EngineError('IO', `cannot list the folder (${code ?? (e as Error).message})`, dir);
  }
  const visible = names.filter((n) => opts.hidden || !n.startsWith('.')).sort((a, b) => a.localeCompare(b, 'en'));
  const truncated = visible.length > MAX_LIST_ENTRIES;
  let sniffBudget = opts.maxSniff ?? MAX_LIST_ENTRIES;
  const entries: FsEntry[] = [];
  for (const name of visible.slice(0, MAX_LIST_ENTRIES)) {
    const path = join(dir, name);
    let entry: FsEntry;
    try {
      const st = statSync(path);
      if (st.isDirectory()) entry = { name, path, kind: 'dir', size: 0 };
      else if (st.isFile()) {
        entry = { name, path, kind: 'file', size: st.size };
        if (sniffBudget-- > 0) {
          const format = sniffFile(path);
          if (format) entry.format = format;
          if (format === 'dicom' && isDicomdirName(name)) entry.dicomdir = true;
        }
      } else entry = { name, path, kind: 'other', size: 0 };
    } catch {
      entry = { name, path, kind: 'other', size: 0 };
    }
    entries.push(entry);
  }
  entries.sort((a, b) => (a.kind === 'dir' ? 0 : 1) - (b.kind === 'dir' ? 0 : 1) || a.name.localeCompare(b.name, 'en'));
  const parent = dirname(dir);
  return { dir, parent: parent === dir ? null : parent, entries, truncated };
}
