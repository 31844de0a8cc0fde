import { readFileSync } from 'node:fs';
import { EngineError } from '../errors';

/** One CSV row with its 1-based line number. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * Reads a simple CSV (comma-separated, optional double quotes without embedded newlines; blank lines
 * skipped). Errors name the file (NOT_FOUND / IO).
 */
export function readCsv(file: string): CsvRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new EngineError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', code === 'ENOENT' ? 'file not found' : String(err), file);
  }
  const rows: CsvRow[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, k) => {
    if (raw.trim() === '') return;
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i];
      if (quoted) {
        if (ch === '"' && raw[i + 1] === '"') { cur += '"'; i++; }
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { cells.push(cur.trim()); cur = ''; }
      else cur += ch;
    }
    cells.push(cur.trim());
    rows.push({ line: k + 1, cells });
  });
  return rows;
}

/** A file name's stem: its base name without the last extension (`a/b/x.dcm` -> `x`). */
export function stemOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
