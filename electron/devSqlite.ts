import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Dev runs (not packaged): the Electron build of better-sqlite3 that `npm start` makes with
 * build/electron-sqlite.mjs (same path), or undefined. Packaged apps get theirs from electron-builder.
 */
export function devSqliteBinding(root: string): string | undefined {
  const file = join(root, '.cache', 'electron-sqlite', `${process.versions.electron}-${process.platform}-${process.arch}`, 'build', 'Release', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
