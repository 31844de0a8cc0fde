// Runs the unit and engine tests (node:test, TypeScript through tsx) and prints node's own summary.
// Usage: node tests/run-unit.mjs [FILTER...]  (a filter keeps test files whose path contains it)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every *.test.ts under dir, sorted, as paths relative to the project root. */
export function findTests(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

/**
 * Runs node --test on the files; resolves to { status, counts, output } where counts come from node's summary.
 * `live`: the output is written as it comes (and output is empty); otherwise it is kept for the caller to print.
 */
export function runNodeTests(files, extraEnv = {}, live = false) {
  if (files.length === 0) return Promise.resolve({ status: 0, counts: { pass: 0, fail: 0, skipped: 0 }, output: '' });
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { cwd: root, env: { ...process.env, ...extraEnv } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => { out += b; if (live) process.stdout.write(b); });
    child.stderr.on('data', (b) => { if (live) process.stderr.write(b); else err += b; });
    child.on('close', (code) => {
      const num = (label) => Number(out.match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
      done({ status: code ?? 1, counts: { pass: num('pass'), fail: num('fail'), skipped: num('skipped') + num('todo') }, output: live ? '' : out + err });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const filters = process.argv.slice(2);
  const files = [...findTests('tests/unit'), ...findTests('tests/engine')].filter(
    (f) => filters.length === 0 || filters.some((x) => f.includes(x)),
  );
  const { status } = await runNodeTests(files, {}, true);
  process.exit(status);
}
