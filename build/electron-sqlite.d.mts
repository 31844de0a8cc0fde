/** Types of build/electron-sqlite.mjs (the Electron-ABI build of better-sqlite3 for dev runs and the Electron e2e). */
export function electronSqlitePath(root: string, electronVersion: string, platform?: string, arch?: string): string;
export function installedElectronVersion(root: string): string | null;
export function ensureElectronSqlite(root: string, log?: (line: string) => void): string;
