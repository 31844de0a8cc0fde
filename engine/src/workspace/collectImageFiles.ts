/**
 * Expands a list of files and folders (recursively) into candidate image files, in a stable order.
 * Hidden files and folders (".name") inside folders are ignored; named files are always kept so a bad
 * one is reported rather than silently dropped.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError } from '../errors';
import { fileKind } from '../util/readInputFile';

export interface CollectedFiles {
  /** Absolute paths. `fromFolder` ones came from walking a folder. */
  files: { path: string; fromFolder: boolean }[];
  missing: string[];
  /** Inputs (or entries inside folders) that cannot be followed: symbolic link loops, permission errors. */
  unreadable: { path: string; code: 'IO' | 'BAD_REQUEST'; message: string }[];
}

export function collectImageFiles(inputs: string[]): CollectedFiles {
  const files: { path: string; fromFolder: boolean }[] = [];
  const missing: string[] = [];
  const unreadable: CollectedFiles['unreadable'] = [];
  const seen = new Set<string>();
  const push = (p: string, fromFolder: boolean): void => {
    if (!seen.has(p)) {
      seen.add(p);
      files.push({ path: p, fromFolder });
    }
  };
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      throw new EngineError('IO', `cannot list folder: ${(e as Error).message}`, dir);
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // dangling link
        unreadable.push({ path: p, code: 'IO', message: code === 'ELOOP' ? 'symbolic link loop (too many levels of symbolic links)' : `cannot read (${code ?? (e as Error).message})` });
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) push(p, true);
      else unreadable.push({ path: p, code: 'BAD_REQUEST', message: `is ${fileKind(st)}, not a regular file; refused` });
    }
  };
  for (const input of inputs) {
    const p = resolve(input);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else unreadable.push({ path: p, code: 'IO', message: code === 'ELOOP' ? 'symbolic link loop (too many levels of symbolic links)' : `cannot read (${code ?? (e as Error).message})` });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else push(p, false);
  }
  return { files, missing, unreadable };
}
