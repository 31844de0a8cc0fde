import { existsSync } from 'node:fs';
import { electronSqlitePath } from '../build/electron-sqlite.mjs';

/**
 * Dev runs (not packaged): the Electron build of better-sqlite3 that `npm start` makes with
 * build/electron-sqlite.mjs, or undefined. Packaged apps get theirs from electron-builder.
 */
export function devSqliteBinding(root: string): string | undefined {
  const file = electronSqlitePath(root, process.versions.electron);
  return existsSync(file) ? file : undefined;
}
