// better-sqlite3 for Electron's ABI, kept beside (not over) the Node build in node_modules, so that `npm test`
// and the CLI (Node) and `npm start` (Electron) all work from one `npm install`.
//
// Where: .cache/electron-sqlite/<electron version>-<platform>-<arch>/build/Release/better_sqlite3.node
// How:   a copy of node_modules/better-sqlite3 there, then better-sqlite3's own install recipe for Electron:
//        prebuild-install (the project's prebuilt binary for this Electron) or node-gyp against Electron's headers.
//        Both need the internet once, as Electron's own install does. The packaged app (npm run dist) does not
//        use this: electron-builder rebuilds native modules for Electron itself.
// Electron main (dev runs) passes the file to the engine utility process as TAGGAN_SQLITE_BINDING.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where the Electron build of better-sqlite3 lives for this Electron (exists or not). */
export function electronSqlitePath(root, electronVersion, platform = process.platform, arch = process.arch) {
  return join(root, '.cache', 'electron-sqlite', `${electronVersion}-${platform}-${arch}`, 'build', 'Release', 'better_sqlite3.node');
}

/** The installed Electron's version, or null when the electron package is not installed. */
export function installedElectronVersion(root) {
  const pkg = join(root, 'node_modules', 'electron', 'package.json');
  return existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : null;
}

/**
 * Makes sure the Electron build exists; returns its path, or throws an Error saying what failed.
 * @param log (line) => void for progress lines
 */
export function ensureElectronSqlite(root, log = (l) => console.error(l)) {
  const version = installedElectronVersion(root);
  if (!version) throw new Error('the electron package is not installed');
  const target = electronSqlitePath(root, version);
  if (existsSync(target)) return target;
  const src = join(root, 'node_modules', 'better-sqlite3');
  const work = join(root, '.cache', 'electron-sqlite', `tmp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const part of ['package.json', 'binding.gyp', 'lib', 'src', 'deps']) {
    if (existsSync(join(src, part))) cpSync(join(src, part), join(work, part), { recursive: true });
  }
  log(`TagGAN Desk: building the SQLite module for Electron ${version} (once; needs the internet)...`);
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const attempts = [
    [bin('prebuild-install'), ['--runtime', 'electron', '--target', version, '--arch', process.arch, '--platform', process.platform]],
    [bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers']],
  ];
  const why = [];
  for (const [cmd, args] of attempts) {
    const r = spawnSync(cmd, args, { cwd: work, encoding: 'utf8', env: { ...process.env, npm_config_build_from_source: '' } });
    if (r.status === 0 && existsSync(join(work, 'build', 'Release', 'better_sqlite3.node'))) {
      const dir = join(target, '..', '..', '..');
      rmSync(dir, { recursive: true, force: true });
      renameSync(work, dir);
      log(`TagGAN Desk: SQLite for Electron ${version} ready (${target})`);
      return target;
    }
    why.push(`${cmd.split('/').pop()}: ${(r.error?.message ?? `${r.stderr ?? ''}${r.stdout ?? ''}`).trim().split('\n').slice(-2).join(' ')}`);
  }
  rmSync(work, { recursive: true, force: true });
  throw new Error(`cannot build better-sqlite3 for Electron ${version}: ${why.join('; ')}`);
}
