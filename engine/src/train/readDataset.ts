/**
 * A training data folder -> image paths with image-level labels. Two layouts:
 * - DIR/labels.csv: `file,label[,...]` (header optional; columns found by name when there is one; file
 *   paths relative to DIR; quoted fields allowed);
 * - one sub-folder per class: DIR/normal/*, DIR/pneumonia/*, ... (files with .png .jpg .jpeg .dcm .dicom
 *   or no extension; hidden files skipped).
 * The label equal to `normalLabel` (case-insensitive) is normal; every other label is abnormal.
 * Only image-level labels are read. Errors name the file and row.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { EngineError } from '../errors';
import { IMAGE_FILE_ENDINGS } from '../image/sniffFormat';

export interface DatasetEntry {
  /** Absolute path. */
  path: string;
  /** Path relative to the data folder, '/'-separated (stable key for hashing and reports). */
  rel: string;
  label: string;
  abnormal: boolean;
}


/** Splits one CSV line (RFC 4180 quotes, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function fromCsv(dir: string, csvPath: string, normalLabel: string): DatasetEntry[] {
  const text = readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  let fileCol = 0;
  let labelCol = 1;
  let start = 0;
  const first = splitCsvLine(lines[0] ?? '').map((s) => s.toLowerCase());
  if (first.includes('file') || first.includes('label')) {
    fileCol = first.indexOf('file');
    labelCol = first.indexOf('label');
    if (fileCol < 0 || labelCol < 0) throw new EngineError('BAD_DATASET', `header must have "file" and "label" columns, has ${first.join(', ')}`, csvPath);
    start = 1;
  }
  const out: DatasetEntry[] = [];
  const seen = new Set<string>();
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const cells = splitCsvLine(raw);
    const rel = cells[fileCol] ?? '';
    const label = cells[labelCol] ?? '';
    const where = `row ${i + 1}`;
    if (rel === '') throw new EngineError('BAD_DATASET', `${where}: empty file name`, csvPath);
    if (label === '') throw new EngineError('BAD_DATASET', `${where}: no label for ${rel}`, csvPath);
    const path = resolve(dir, rel);
    if (!existsSync(path) || !statSync(path).isFile()) throw new EngineError('BAD_DATASET', `${where}: image file not found: ${rel}`, csvPath);
    const key = rel.replace(/\\/g, '/');
    if (seen.has(key)) throw new EngineError('BAD_DATASET', `${where}: ${rel} is listed twice`, csvPath);
    seen.add(key);
    out.push({ path, rel: key, label, abnormal: label.toLowerCase() !== normalLabel.toLowerCase() });
  }
  return out;
}

function fromFolders(dir: string, normalLabel: string): DatasetEntry[] {
  const out: DatasetEntry[] = [];
  for (const cls of readdirSync(dir).sort()) {
    const sub = join(dir, cls);
    if (cls.startsWith('.') || !statSync(sub).isDirectory()) continue;
    for (const f of readdirSync(sub).sort()) {
      const p = join(sub, f);
      if (f.startsWith('.') || !statSync(p).isFile() || !IMAGE_FILE_ENDINGS.has(extname(f).toLowerCase())) continue;
      out.push({ path: p, rel: `${cls}/${f}`, label: cls, abnormal: cls.toLowerCase() !== normalLabel.toLowerCase() });
    }
  }
  return out;
}

/** Reads the data folder; throws BAD_DATASET unless there is at least one normal and one abnormal image. */
export function readDataset(dataDir: string, normalLabel = 'normal'): DatasetEntry[] {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) throw new EngineError('BAD_DATASET', 'data folder does not exist', dir);
  if (!statSync(dir).isDirectory()) throw new EngineError('BAD_DATASET', 'data path is not a folder', dir);
  if (normalLabel.trim() === '') throw new EngineError('BAD_DATASET', 'the normal label must not be empty');
  const csv = join(dir, 'labels.csv');
  const entries = existsSync(csv) ? fromCsv(dir, csv, normalLabel) : fromFolders(dir, normalLabel);
  const where = existsSync(csv) ? csv : dir;
  if (entries.length === 0) throw new EngineError('BAD_DATASET', existsSync(csv) ? 'labels.csv lists no images' : 'no labels.csv and no class folders with images', where);
  const nN = entries.filter((e) => !e.abnormal).length;
  const labels = [...new Set(entries.map((e) => e.label))].join(', ');
  if (nN === 0) throw new EngineError('BAD_DATASET', `no image is labelled "${normalLabel}" (labels found: ${labels}); set the normal label`, where);
  if (nN === entries.length) throw new EngineError('BAD_DATASET', `every image is labelled "${normalLabel}"; training needs abnormal images too`, where);
  return entries;
}
