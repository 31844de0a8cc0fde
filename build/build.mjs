// `npm run build`: bundles the engine (cli, engine process, web host, bench) and Electron main/preload
// with esbuild, and the renderer with Vite. Output in dist/.
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(join(dist, 'engine'), { recursive: true, force: true });
rmSync(join(dist, 'electron'), { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const t0 = Date.now();
const engineEntries = {
  cli: 'engine/src/cli.ts',
  'engine-process': 'engine/src/engineProcess.ts',
  webhost: 'engine/src/webhost.ts',
};
if (existsSync(join(root, 'engine/src/bench.ts'))) engineEntries.bench = 'engine/src/bench.ts';

await esbuild({
  absWorkingDir: root,
  entryPoints: engineEntries,
  outdir: 'dist/engine',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules (native addons, wasm files, optional tfjs-node-gpu).
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

await esbuild({
  absWorkingDir: root,
  entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});

const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });

console.log(`built dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
