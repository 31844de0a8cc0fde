/**
 * Threaded wasm in Node (engine/src/tf/wasmThreads.ts): the backend starts with the thread count asked for
 * (even on a 2-vCPU machine, where the C++ side would cap it at 1), reports it, gives the same gradients as
 * one thread, lets the process exit, and falls back to one thread with the reason when it cannot start.
 * Each case runs in its own process: the thread count is fixed when wasm initialises.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const helper = fileURLToPath(new URL('./helpers/stepGradients.ts', import.meta.url));

interface Out { detail: string; loss: number; grads: Record<string, string> }

function run(env: Record<string, string>): Out {
  const r = spawnSync(process.execPath, ['--import', 'tsx', helper], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  assert.equal(r.error, undefined, `child did not finish: ${r.error?.message} (a worker kept it alive?)`);
  assert.equal(r.status, 0, `child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Out;
}

const floats = (b64: string): Float32Array => {
  const buf = Buffer.from(b64, 'base64');
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
};

test('2 threads: reported, and the gradients equal one thread\'s (float noise at most)', () => {
  const one = run({ TAGGAN_THREADS: '1' });
  const two = run({ TAGGAN_THREADS: '2' });
  assert.match(one.detail, /SIMD, 1 thread\b/);
  assert.match(two.detail, /SIMD, 2 threads, TAGGAN_THREADS/);
  assert.ok(Math.abs(one.loss - two.loss) <= 1e-6 * Math.abs(one.loss), `loss ${one.loss} vs ${two.loss}`);
  assert.deepEqual(Object.keys(two.grads), Object.keys(one.grads));
  for (const name of Object.keys(one.grads)) {
    const a = floats(one.grads[name]!);
    const b = floats(two.grads[name]!);
    let maxAbs = 0;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(a[i]!));
      maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    }
    assert.ok(maxAbs > 0, `${name}: gradient is all zeros`);
    assert.ok(maxDiff <= 1e-5 * maxAbs, `${name}: max |2 threads - 1 thread| ${maxDiff} vs max ${maxAbs}`);
  }
});

test('no folder for the worker script: one thread, with the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taggan-threads-'));
  try {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    // The built CLI (tsx itself needs a temporary folder).
    const r = spawnSync(process.execPath, [join(root, 'bin', 'taggan.mjs'), 'backends'], { cwd: root, encoding: 'utf8', env: { ...process.env, TAGGAN_THREADS: '2', TMPDIR: notADir } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wasm\s+WebAssembly \(SIMD, 1 thread: 2 wanted \(TAGGAN_THREADS\), cannot make a folder for the worker script/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('taggan --threads: bad values are refused before anything runs; good ones show in the backend line', () => {
  const cli = join(root, 'bin', 'taggan.mjs');
  const bad = spawnSync(process.execPath, [cli, '--threads', '0', 'backends'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--threads: threads must be an integer in \[1, 8\] or auto, got "0"/);
  const badEnv = spawnSync(process.execPath, [cli, 'backends'], { cwd: root, encoding: 'utf8', env: { ...process.env, TAGGAN_THREADS: 'many' } });
  assert.match(badEnv.stdout + badEnv.stderr, /threads must be an integer in \[1, 8\] or auto, got "many"/);
  const good = spawnSync(process.execPath, [cli, 'backends', '--threads=2'], { cwd: root, encoding: 'utf8' });
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /wasm\s+WebAssembly \(SIMD, 2 threads, TAGGAN_THREADS\)/);
});

test('threaded wasm starts every time (the worker script is written once, before any worker reads it)', () => {
  // Rewriting the script for each of the 8 workers once left a worker with a truncated file and the start
  // waiting forever (seen as a `taggan tag` that hung). Several cold starts in a row, each within a limit.
  const cli = join(root, 'bin', 'taggan.mjs');
  for (let i = 0; i < 6; i++) {
    const r = spawnSync(process.execPath, [cli, 'backends'], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TAGGAN_THREADS: '2' } });
    assert.equal(r.error, undefined, `start ${i} did not finish: ${r.error?.message}`);
    assert.match(r.stdout, /wasm\s+WebAssembly \(SIMD, 2 threads/, `start ${i}`);
  }
});
