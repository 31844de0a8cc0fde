/**
 * Opens the workspace's SQLite file with better-sqlite3. Its native module is built for one runtime: Node's
 * (npm install) or Electron's. Dev runs of the desktop app pass an Electron build in TAGGAN_SQLITE_BINDING
 * (build/electron-sqlite.mjs); a module built for the other runtime is an error in words, naming the fix.
 */
import Database from 'better-sqlite3';
import { EngineError } from '../errors';

export function openSqlite(file: string, create: boolean, readonly = false): Database.Database {
  const binding = process.env.TAGGAN_SQLITE_BINDING;
  try {
    return new Database(file, { fileMustExist: !create, readonly, timeout: 250, ...(binding ? { nativeBinding: binding } : {}) });
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if ((e as { code?: string }).code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|was compiled against a different Node\.js version|Module did not self-register/.test(msg)) {
      const runtime = process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`;
      throw new EngineError(
        'INTERNAL',
        `the SQLite module (better-sqlite3) cannot be loaded: built for another runtime than this ${runtime}, or damaged: `
          + (process.versions.electron ? '`npm start` builds the Electron one (needs the internet once)' : 'run `npm rebuild better-sqlite3`')
          + ` (${msg.split('\n')[0]})`,
        binding ?? 'better-sqlite3',
      );
    }
    throw e;
  }
}
