/**
 * Finds image files for "open folder": walks a folder (depth-first, names sorted, hidden entries skipped,
 * each real folder once so link loops end) sniffing every regular file for DICOM/PNG/JPEG, and expands
 * any DICOMDIR met on the way (or given as the path) to the files it references. Unreadable entries are
 * listed in `skipped` and the scan goes on; limits on files and depth end it early with `truncated`.
 * Cancellable between files.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ScannedImage, ScanProgress, ScanResult } from '../../protocol/fs';
import { EngineError, throwIfCancelled } from '../errors';
import { checkPath } from './checkPath';
import { isDicomdirName, readDicomdir } from './readDicomdir';
import { sniffFile } from '../image/sniffFormat';

export const DEFAULT_MAX_FILES = 20_000;
export const MAX_DEPTH = 32;

export interface ScanOptions {
  /** Stop after this many image files (default DEFAULT_MAX_FILES). */
  maxFiles?: number;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
}

export async function scanImages(rawPath: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const root = checkPath(rawPath);
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const result: ScanResult = { root, images: [], dicomdirs: [], skipped: [], truncated: false };
  const byPath = new Set<string>();
  let seen = 0;

  const add = (img: ScannedImage): void => {
    if (byPath.has(img.path)) return;
    if (result.images.length >= maxFiles) {
      result.truncated = true;
      return;
    }
    byPath.add(img.path);
    result.images.push(img);
  };

  const expandDicomdir = async (path: string): Promise<void> => {
    try {
      const { files, missing } = readDicomdir(path);
      result.dicomdirs.push({ path, referenced: files.length, missing });
      for (const f of files) {
        const format = sniffFile(f);
        if (!format) {
          result.skipped.push({ path: f, reason: `referenced by ${path} but not an image file` });
          continue;
        }
        const st = await stat(f);
        add({ path: f, name: basename(f), size: st.size, format, fromDicomdir: path });
      }
    } catch (e) {
      result.skipped.push({ path, reason: e instanceof Error ? e.message : String(e) });
    }
  };

  let st;
  try {
    st = await stat(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new EngineError('NOT_FOUND', 'no such folder or DICOMDIR', root);
    throw new EngineError('IO', `cannot read (${code ?? (e as Error).message})`, root);
  }
  if (st.isFile()) {
    if (!isDicomdirName(basename(root)) || sniffFile(root) !== 'dicom') {
      throw new EngineError('BAD_REQUEST', 'is a file; scan a folder or a DICOMDIR (open image files with image.open)', root);
    }
    await expandDicomdir(root);
    if (result.dicomdirs.length === 0) throw new EngineError('CORRUPT', result.skipped[0]?.reason ?? 'cannot read the DICOMDIR', root);
    return result;
  }
  if (!st.isDirectory()) throw new EngineError('BAD_REQUEST', 'is neither a folder nor a DICOMDIR', root);

  const visited = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (result.truncated) return;
    if (depth > MAX_DEPTH) {
      result.skipped.push({ path: dir, reason: `deeper than ${MAX_DEPTH} folders` });
      return;
    }
    let real: string;
    let names: string[];
    try {
      real = await realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      names = (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en'));
    } catch (e) {
      result.skipped.push({ path: dir, reason: `cannot list (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    const dicomdir = names.find(isDicomdirName);
    if (dicomdir) await expandDicomdir(join(dir, dicomdir));
    for (const name of names) {
      if (result.truncated) return;
      if (name.startsWith('.') || isDicomdirName(name)) continue;
      throwIfCancelled(opts.signal);
      const path = join(dir, name);
      let s;
      try {
        s = await stat(path);
      } catch (e) {
        result.skipped.push({ path, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
        continue;
      }
      if (s.isDirectory()) {
        await walk(path, depth + 1);
        continue;
      }
      if (!s.isFile()) continue;
      seen++;
      const format = sniffFile(path);
      if (format) add({ path, name, size: s.size, format });
      if (seen % 200 === 0) opts.onProgress?.({ seen, found: result.images.length });
    }
  };
  await walk(root, 0);
  opts.onProgress?.({ seen, found: result.images.length });
  return result;
}
