/**
 * Reads a DICOMDIR (PS3.10 media directory): every Directory Record (0004,1220) with a Referenced File ID
 * (0004,1500) names a file by path components relative to the DICOMDIR's folder. Components are matched
 * exactly first, then case-insensitively (media written on one system are often read on another).
 * Returns the referenced files that exist and those that are missing. Typed errors name the DICOMDIR.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineError } from '../errors';
import { readDicom } from '../dicom/readDicom';
import { readImageFile } from './readImageFile';

/** Media Storage Directory Storage SOP Class. */
export const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

export interface DicomdirContents {
  /** Absolute paths of referenced files that exist, in directory order, without duplicates. */
  files: string[];
  /** Referenced File IDs (as written, joined with "/") that do not resolve to a file. */
  missing: string[];
}

export function isDicomdirName(name: string): boolean {
  return name.toUpperCase() === 'DICOMDIR';
}

/** One path component in `dir`: exact name, else the one entry that matches ignoring case. */
function resolveComponent(dir: string, component: string): string | undefined {
  const exact = join(dir, component);
  try {
    statSync(exact);
    return exact;
  } catch {
    // try case-insensitively
  }
  try {
    const want = component.toUpperCase();
    const hit = readdirSync(dir).find((n) => n.toUpperCase() === want);
    return hit === undefined ? undefined : join(dir, hit);
  } catch {
    return undefined;
  }
}

export function readDicomdir(path: string): DicomdirContents {
  const { bytes } = readImageFile(path);
  const d = readDicom(bytes, path);
  const ds = d.dataSet;
  const sopClass = ds.string('x00020002')?.replace(/\0/g, '').trim();
  const records = ds.elements.x00041220?.items;
  if (sopClass !== DICOMDIR_SOP_CLASS && !records) {
    throw new EngineError('BAD_REQUEST', 'is a DICOM file but not a DICOMDIR (no Directory Record Sequence)', path);
  }
  const root = dirname(path);
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const item of records ?? []) {
    const rec = item.dataSet;
    if (!rec?.elements.x00041500) continue;
    const raw = rec.string('x00041500') ?? '';
    const components = raw.split('\\').map((c) => c.replace(/\0/g, '').trim()).filter((c) => c.length > 0);
    if (components.length === 0) continue;
    const id = components.join('/');
    if (components.some((c) => c === '..' || c === '.' || c.includes('/'))) {
      missing.push(`${id} (refused: a Referenced File ID must stay inside the DICOMDIR's folder)`);
      continue;
    }
    let at: string | undefined = root;
    for (const c of components) {
      at = resolveComponent(at, c);
      if (at === undefined) break;
    }
    let isFile = false;
    try {
      isFile = at !== undefined && statSync(at).isFile();
    } catch {
      isFile = false;
    }
    if (!at || !isFile) missing.push(id);
    else if (!seen.has(at)) {
      seen.add(at);
      files.push(at);
    }
  }
  return { files, missing };
}
