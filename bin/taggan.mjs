#!/usr/bin/env node
// `taggan` CLI launcher: runs the built engine CLI (npm run build), or the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/engine/cli.mjs', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api').catch(() => {
    process.stderr.write('taggan: not built yet; run `npm run build` first\n');
    process.exit(1);
  });
  register();
  await import('../engine/src/cli.ts');
}
