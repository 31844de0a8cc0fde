/**
 * Our own wasm SIMD kernels (engine/native/kernels.c): the committed module is what the C source builds to,
 * it is safe to run inside the backend's memory (imports only that memory), and each kernel gives the
 * numbers of what it replaces: the composite instance norm (forward and gradient, against the cpu backend
 * too), TF.js's Adam (bit for bit, state included), and the stock convolutions (wasmKernels.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { instanceNorm } from '../../../engine/src/model/layers';
import { initBackend } from '../../../engine/src/tf/backends';
import { INSTANCE_NORM, withCompositeInstanceNorm } from '../../../engine/src/tf/kernels/wasmInstanceNorm';
import { startKernelPool } from '../../../engine/src/tf/native/kernelPool';
import { nativeKernels } from '../../../engine/src/tf/native/nativeKernels';
import { KERNELS_WASM, KERNELS_WASM_SHARED } from '../../../engine/src/tf/native/kernelsWasm';
import { adam } from '../../../engine/src/train/fusedAdam';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const WA = (globalThis as unknown as { WebAssembly: { Module: { new (b: Uint8Array): object; imports(m: object): { module: string; name: string; kind: string }[] } } }).WebAssembly;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; max: number } {
  assert.equal(a.length, b.length);
  let diff = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    max = Math.max(max, Math.abs(b[i]!));
  }
  return { diff, max };
}

test('the committed kernels module is what engine/native/build.sh makes of kernels.c', (t) => {
  const tools = ['clang-14', 'wasm-ld', 'wasm-objdump'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (tools.length > 0) {
    t.skip(`cannot rebuild here: ${tools.join(', ')} not installed (Debian: apt-get install clang lld wabt)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'taggan-kernels-'));
  try {
    const out = join(dir, 'kernelsWasm.ts');
    const r = spawnSync('bash', [join(root, 'engine/native/build.sh'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, `build.sh failed: ${r.stderr}${r.stdout}`);
    const committed = readFileSync(join(root, 'engine/src/tf/native/kernelsWasm.ts'), 'utf8');
    assert.equal(readFileSync(out, 'utf8'), committed, 'engine/src/tf/native/kernelsWasm.ts is stale: run engine/native/build.sh');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('both builds import nothing but the backend memory', () => {
  for (const b64 of [KERNELS_WASM, KERNELS_WASM_SHARED]) {
    const m = new WA.Module(new Uint8Array(Buffer.from(b64, 'base64')));
    assert.deepEqual(WA.Module.imports(m), [{ module: 'env', name: 'memory', kind: 'memory' }]);
  }
});

const X_SHAPE: [number, number, number, number] = [3, 17, 13, 6];

async function normAndGrad(backend: string, composite: boolean): Promise<{ y: Float32Array; g: Float32Array }> {
  await initBackend(backend);
  return tf.tidy(() => {
    const x = tf.add(tf.mul(tf.randomNormal(X_SHAPE, 0, 1, 'float32', 5), 3), 2) as tf.Tensor4D;
    const dy = tf.randomNormal(X_SHAPE, 0, 1, 'float32', 6);
    const f = (xx: tf.Tensor): tf.Scalar => tf.sum(tf.mul(instanceNorm(xx as tf.Tensor4D), dy));
    const run = (): [tf.Tensor, tf.Tensor] => [instanceNorm(x), tf.grad(f)(x)];
    const [y, g] = composite ? withCompositeInstanceNorm(run) : run();
    return { y: y.dataSync() as Float32Array, g: g.dataSync() as Float32Array };
  });
}

test('fused instance norm on wasm == the composite on wasm and on cpu (value and gradient)', async () => {
  const fused = await normAndGrad('wasm', false);
  assert.ok(tf.getKernel(INSTANCE_NORM, 'wasm'), 'the fused kernel is registered');
  for (const ref of [await normAndGrad('wasm', true), await normAndGrad('cpu', true)]) {
    const y = maxDiff(fused.y, ref.y);
    const g = maxDiff(fused.g, ref.g);
    assert.ok(y.max > 1 && y.diff <= 1e-5 * y.max, `value: ${y.diff} of ${y.max}`);
    assert.ok(g.max > 0.1 && g.diff <= 1e-5 * g.max, `gradient: ${g.diff} of ${g.max}`);
  }
});

test('fused instance norm: the composite is used where a second-order gradient needs it', async () => {
  await initBackend('wasm');
  const x = tf.randomNormal([1, 4, 4, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
  // d/dx of |d/dx sum(IN(x)^3)|^2: through the gradient of the gradient.
  const gp = (xx: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.grad((z: tf.Tensor) => tf.sum(tf.pow(instanceNorm(z as tf.Tensor4D), 3)))(xx)));
  const second = withCompositeInstanceNorm(() => tf.grad(gp)(x));
  assert.ok(tf.max(tf.abs(second)).dataSync()[0]! > 0);
  assert.throws(() => tf.grad(gp)(x), /gradient function not found for TagGanInstanceNormGrad|Cannot compute gradient/);
  tf.dispose([x, second]);
});

test('fused Adam on wasm gives TF.js Adam\'s numbers bit for bit, and the same optimizer state', async () => {
  await initBackend('wasm');
  const start = tf.randomNormal([37, 5], 0, 1, 'float32', 7);
  const v1 = tf.variable(start);
  const v2 = tf.variable(start);
  const fused = adam(1e-3, 0.5, 0.999);
  const stock = tf.train.adam(1e-3, 0.5, 0.999);
  for (let i = 0; i < 6; i++) {
    const g = tf.randomNormal([37, 5], 0, 1, 'float32', 100 + i);
    fused.applyGradients([{ name: v1.name, tensor: g }]);
    stock.applyGradients([{ name: v2.name, tensor: g }]);
    g.dispose();
  }
  assert.deepEqual(v1.dataSync(), v2.dataSync());
  assert.notDeepEqual(v1.dataSync(), start.dataSync());
  const a = await fused.getWeights();
  const b = await stock.getWeights();
  assert.deepEqual(a.map((w) => w.name.replace(/^\d+\//, '')), b.map((w) => w.name.replace(/^\d+\//, '')));
  for (let i = 0; i < a.length; i++) assert.deepEqual(a[i]!.tensor.dataSync(), b[i]!.tensor.dataSync(), a[i]!.name);
  tf.dispose([start, v1, v2]);
  fused.dispose();
  stock.dispose();
});

test('on 2 threads our kernels split their work; a call that fails on a thread throws (no hang) and the next works', () => {
  const helper = fileURLToPath(new URL('./helpers/kernelPoolFault.ts', import.meta.url));
  for (const threads of ['1', '2']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', helper], { cwd: root, encoding: 'utf8', env: { ...process.env, TAGGAN_THREADS: threads }, timeout: 60_000 });
    assert.equal(r.error, undefined, `child did not finish: ${r.error?.message} (a helper thread kept it alive?)`);
    assert.equal(r.status, 0, `child failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { parts: number; fault: string; after: boolean };
    assert.equal(out.parts, Number(threads));
    assert.match(out.fault, /out of bounds|helper thread/);
    assert.ok(out.after, 'a convolution after the failed call gives the right numbers');
  }
});

test('helpers that cannot start: the pool says why and runs every call on the calling thread', () => {
  const memory = new (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => unknown } }).WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const calls: number[][] = [];
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const pool = startKernelPool(new Uint8Array([0, 1, 2, 3]), memory, ['k'], 2, (_name, args, part, parts) => void calls.push([...args, part, parts]));
    const t0 = Date.now();
    pool.run('k', [7]);
    pool.run('k', [8]);
    assert.ok(Date.now() - t0 < 9_000, 'it did not wait out the whole start timeout');
    assert.deepEqual(calls, [[7, 0, 1], [8, 0, 1]]);
    assert.match(pool.failed() ?? '', /helper thread 1 did not start/);
  } finally {
    process.off('warning', onWarning);
  }
});

test('each shared kernel\'s shares (part of parts) add up to the whole call exactly, for uneven splits too', async () => {
  await initBackend('wasm');
  const k = nativeKernels(tf.backend());
  const info = (t: tf.Tensor): TensorInfo => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
  const p = (t: tf.Tensor): number => k.ptr(info(t));
  const fn = k.fn as unknown as Record<string, (...a: number[]) => void>;
  /** Runs `name(args, part, parts)` for every part (on this thread) into a fresh output and returns it. */
  const byShares = (name: string, outShape: number[], args: (out: number) => number[], parts: number): Float32Array => {
    const out = tf.fill(outShape, Number.NaN);
    for (let part = 0; part < parts; part++) fn[name]!(...args(p(out)), part, parts);
    const v = out.dataSync() as Float32Array;
    out.dispose();
    return v;
  };
  const x = tf.randomNormal([3, 9, 7, 6], 0, 1, 'float32', 1);
  const dy = tf.randomNormal([3, 5, 4, 5], 0, 1, 'float32', 2);
  const dy1 = tf.randomNormal([3, 9, 7, 1], 0, 1, 'float32', 3);
  const w1 = tf.randomNormal([3, 5, 6, 1], 0, 1, 'float32', 4);
  const cases: [string, number[], (out: number) => number[]][] = [
    // 3x3 stride 2, pad 1/1: items (tap, ci) with vectors over co (Co 5: a 4 and a tail)
    ['conv_bpf', [3, 3, 6, 5], (o) => [p(x), p(dy), o, 3, 9, 7, 6, 5, 4, 5, 3, 3, 2, 2, 1, 1]],
    // Co 1: items (tap, co) with vectors over ci
    ['conv_bpf', [3, 5, 6, 1], (o) => [p(x), p(dy1), o, 3, 9, 7, 6, 9, 7, 1, 3, 5, 1, 1, 1, 2]],
    ['conv_co1', [3, 9, 7, 1], (o) => [p(x), p(w1), o, 3, 9, 7, 6, 9, 7, 3, 5, 1, 2]],
  ];
  for (const [name, shape, args] of cases) {
    const whole = byShares(name, shape, args, 1);
    assert.ok(whole.every(Number.isFinite), `${name}: every output written`);
    for (const parts of [2, 3, 5]) assert.deepEqual(byShares(name, shape, args, parts), whole, `${name} in ${parts} shares`);
  }
  tf.dispose([x, dy, dy1, w1]);
});
