// `npm start`: launches the desktop app from dist/ (built by `npm run build`), or says why it cannot.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './electron-sqlite.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
let electronPath;
try {
  electronPath = require('electron');
} catch (err) {
  console.error(
    `TagGAN Desk: no Electron binary is installed (${err instanceof Error ? err.message.split('\n')[0] : err}).\n` +
      'Electron downloads its binary at `npm install` time, which needs an internet connection.\n' +
      'Without it, run the same app in your browser: `npm run serve` and open the printed link.',
  );
  process.exit(1);
}
// The engine's SQLite module for Electron's ABI (node_modules keeps Node's for the tests and the CLI).
try {
  ensureElectronSqlite(root);
} catch (err) {
  console.error(`TagGAN Desk: ${err instanceof Error ? err.message : err}\nThe viewer works; workspaces need that module (the app says so when you open one).`);
}
const child = spawn(electronPath, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
