/**
 * The wasm Conv2DBackpropFilter / Conv2DBackpropInput / Conv2D kernels we register match the stock cpu
 * backend numerically on random inputs (several shapes, strides, 'same'/'valid'/explicit padding; the
 * direct filter-gradient kernel's vector widths and tails; convolutions to one output channel).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../engine/src/tf/backends';
import { CUSTOM_KERNELS } from '../../../engine/src/tf/kernels/register';
import { conv2DBackpropFilterMethod } from '../../../engine/src/tf/kernels/wasmConv2DBackpropFilter';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case { x: [number, number, number, number]; k: [number, number]; co: number; s: number | [number, number]; pad: Pad }

const CASES: Case[] = [
  { x: [1, 8, 8, 1], k: [3, 3], co: 4, s: 1, pad: 'same' },
  { x: [2, 9, 11, 3], k: [3, 3], co: 5, s: 1, pad: 'valid' },
  { x: [2, 9, 11, 3], k: [3, 3], co: 5, s: 2, pad: 'same' },
  { x: [1, 10, 10, 2], k: [4, 4], co: 3, s: 2, pad: 'same' },
  { x: [1, 10, 10, 2], k: [4, 4], co: 3, s: 2, pad: 'valid' },
  { x: [1, 13, 7, 4], k: [7, 7], co: 2, s: 1, pad: 'valid' },
  { x: [1, 12, 12, 3], k: [1, 1], co: 6, s: 1, pad: 'same' },
  { x: [2, 16, 16, 8], k: [3, 3], co: 16, s: [2, 1], pad: 'same' },
  { x: [1, 11, 11, 2], k: [3, 5], co: 3, s: 3, pad: 'valid' },
  { x: [1, 9, 9, 2], k: [3, 3], co: 2, s: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 6, 6, 128], k: [3, 3], co: 128, s: 1, pad: 'same' },
  { x: [2, 7, 7, 128], k: [3, 3], co: 160, s: 2, pad: 'valid' },
  { x: [1, 8, 8, 256], k: [4, 4], co: 64, s: 2, pad: 'same' },
  // The direct kernel's paths: vectors over co in 16s, 4s and a scalar tail; over ci (co < 4) likewise.
  { x: [2, 14, 14, 1], k: [7, 7], co: 16, s: 1, pad: 'valid' },
  { x: [2, 20, 20, 16], k: [7, 7], co: 1, s: 1, pad: 'valid' },
  { x: [1, 9, 9, 23], k: [3, 3], co: 3, s: 1, pad: 'same' },
  { x: [1, 9, 9, 5], k: [3, 3], co: 23, s: 2, pad: 'same' },
  { x: [2, 10, 10, 8], k: [7, 7], co: 1, s: 1, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
  // Zero padding read in place: images smaller than the kernel (no column or row has every tap inside).
  { x: [1, 5, 4, 3], k: [7, 7], co: 1, s: 1, pad: 'same' },
  { x: [2, 5, 4, 6], k: [7, 7], co: 5, s: 1, pad: 'same' },
  // Input gradient by phases: phases without taps (kernel smaller than the stride) and odd sizes.
  { x: [1, 7, 7, 3], k: [1, 1], co: 4, s: 2, pad: 'valid' },
  { x: [1, 8, 9, 2], k: [3, 3], co: 3, s: 3, pad: 'same' },
  { x: [2, 16, 16, 1], k: [4, 4], co: 8, s: 2, pad: 'same' },
  // Ci*Co >= IM2COL_MIN_CHANNEL_PRODUCT: the im2col path of the filter gradient.
  { x: [1, 6, 6, 256], k: [3, 3], co: 256, s: 1, pad: 'same' },
];

/** Deterministic pseudo-random values in [-1, 1). */
function rand(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

function outShape(c: Case): [number, number, number, number] {
  const y = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([...c.k, c.x[3], c.co]) as tf.Tensor4D, c.s, c.pad));
  const s = y.shape as [number, number, number, number];
  y.dispose();
  return s;
}

async function run(backend: string, c: Case, i: number): Promise<{ dw: Float32Array; dx: Float32Array; y: Float32Array }> {
  await tf.setBackend(backend);
  const fshape: [number, number, number, number] = [...c.k, c.x[3], c.co];
  const dyShape = outShape(c);
  const x = tf.tensor4d(rand(c.x.reduce((a, b) => a * b), 100 + i), c.x);
  const w = tf.tensor4d(rand(fshape.reduce((a, b) => a * b), 200 + i), fshape);
  const dy = tf.tensor4d(rand(dyShape.reduce((a, b) => a * b), 300 + i), dyShape);
  const strides = typeof c.s === 'number' ? [c.s, c.s] : c.s;
  const dwT = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides, pad: c.pad, dataFormat: 'NHWC', filterShape: fshape }) as tf.Tensor;
  const dxT = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x }) as tf.Tensor;
  const yT = tf.conv2d(x, w, c.s, c.pad);
  assert.deepEqual(dwT.shape, fshape);
  assert.deepEqual(dxT.shape, c.x);
  const out = { dw: (await dwT.data()) as Float32Array, dx: (await dxT.data()) as Float32Array, y: (await yT.data()) as Float32Array };
  tf.dispose([x, w, dy, dwT, dxT, yT]);
  return out;
}

function assertClose(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  let maxAbs = 0;
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(b[i]!));
    maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  }
  assert.ok(maxAbs > 0, `${what}: reference is all zeros (test would be vacuous)`);
  assert.ok(maxDiff <= 1e-4 * Math.max(1, maxAbs), `${what}: max |wasm - cpu| = ${maxDiff} (max |cpu| = ${maxAbs})`);
}

before(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

test('the custom wasm kernels are registered after initBackend("wasm")', () => {
  for (const cfg of CUSTOM_KERNELS.wasm ?? []) {
    assert.equal(tf.getKernel(cfg.kernelName, 'wasm')?.kernelFunc, cfg.kernelFunc, cfg.kernelName);
  }
});

test('both filter-gradient methods and the one-channel Conv2D are covered by the cases', () => {
  const methods = new Set(CASES.map((c) => conv2DBackpropFilterMethod(c.x[3], c.co)));
  assert.deepEqual([...methods].sort(), ['direct', 'im2col']);
  assert.ok(CASES.some((c) => c.co === 1 && c.s === 1 && c.pad === 'valid'));
  assert.ok(CASES.some((c) => c.co === 1 && Array.isArray(c.pad)));
});

for (const [i, c] of CASES.entries()) {
  test(`wasm conv backprop == cpu (${conv2DBackpropFilterMethod(c.x[3], c.co)}): x ${c.x} k ${c.k} co ${c.co} stride ${c.s} pad ${JSON.stringify(c.pad)}`, async () => {
    const ref = await run('cpu', c, i);
    const got = await run('wasm', c, i);
    assertClose(got.dw, ref.dw, 'Conv2DBackpropFilter');
    assertClose(got.dx, ref.dx, 'Conv2DBackpropInput');
    assertClose(got.y, ref.y, 'Conv2D');
  });
}

test('wasm kernels leak no tensors and no backend memory', async () => {
  await tf.setBackend('wasm');
  const c = CASES[2]!;
  await run('wasm', c, 2);
  const before = tf.memory();
  for (let k = 0; k < 3; k++) await run('wasm', c, 2);
  const after = tf.memory();
  assert.equal(after.numTensors, before.numTensors, 'tensors');
  assert.equal(after.numBytes, before.numBytes, 'bytes');
  assert.equal(after.numDataBuffers, before.numDataBuffers, 'data buffers');
});
