// `npm test`: unit + engine tests (node:test), then the browser e2e tests (Playwright in Debian's
// Chromium) and the Electron e2e tests (skipped, with the reason printed, where no Electron binary exists).
// Ends with one plain line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTests, runNodeTests } from './run-unit.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const totals = { pass: 0, fail: 0, skipped: 0 };
const add = (c) => { totals.pass += c.pass; totals.fail += c.fail; totals.skipped += c.skipped; };
let failed = false;

// The weak-label phantom recipe trains a GAN for several minutes on one thread: it runs beside the other node
// tests (which mostly wait on child processes, files and sockets) instead of after them.
const BESIDE = ['weakLabelPhantom'];
const nodeTests = [...findTests('tests/unit'), ...findTests('tests/engine')];
const beside = nodeTests.filter((f) => BESIDE.some((b) => f.includes(b)));
console.log(`== unit and engine tests (node:test; ${beside.join(', ')} beside the rest, on one thread) ==`);
const runs = await Promise.all([
  runNodeTests(nodeTests.filter((f) => !beside.includes(f)), {}, true),
  runNodeTests(beside, { TAGGAN_THREADS: '1' }),
]);
for (const r of runs) {
  process.stdout.write(r.output);
  add(r.counts);
  if (r.status !== 0) failed = true;
}

console.log('\n== e2e tests (Playwright) ==');
const jsonOut = join(root, 'test-results', 'playwright.json');
rmSync(jsonOut, { force: true });
const pw = spawnSync(
  process.execPath,
  [join(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonOut } },
);
if (pw.status !== 0) failed = true;
if (existsSync(jsonOut)) {
  const s = JSON.parse(readFileSync(jsonOut, 'utf8')).stats ?? {};
  add({ pass: (s.expected ?? 0) + (s.flaky ?? 0), fail: s.unexpected ?? 0, skipped: s.skipped ?? 0 });
} else if (pw.status !== 0) {
  totals.fail += 1;
}

console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(failed || totals.fail > 0 ? 1 : 0);
