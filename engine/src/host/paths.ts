import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project (or packaged app) root: the nearest folder above this module holding package.json. */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the application root (package.json)');
    dir = up;
  }
}

/** How to start the engine process: the bundled file when built, else the TypeScript source through tsx. */
export function engineEntry(): { file: string; execArgv: string[] } {
  const built = join(appRoot(), 'dist', 'engine', 'engine-process.mjs');
  if (existsSync(built)) return { file: built, execArgv: [] };
  return { file: join(appRoot(), 'engine', 'src', 'engineProcess.ts'), execArgv: ['--import', 'tsx'] };
}
