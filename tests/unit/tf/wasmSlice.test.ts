/**
 * Our wasm Slice (engine/src/tf/kernels/wasmSlice.ts) against the stock cpu kernel: random shapes of rank
 * 1-5, random boxes (whole trailing dimensions, single elements, empty), float32, int32 and bool; and the
 * pure copyBox on its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../engine/src/tf/backends';
import { copyBox } from '../../../engine/src/tf/kernels/wasmSlice';
import { mulberry32 } from '../../../engine/src/util/mulberry32';

interface Case { shape: number[]; begin: number[]; size: number[]; dtype: 'float32' | 'int32' | 'bool' }

function cases(n: number): Case[] {
  const rnd = mulberry32(42);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const rank = int(1, 5);
    const shape = Array.from({ length: rank }, () => int(1, 7));
    const begin: number[] = [];
    const size: number[] = [];
    for (const s of shape) {
      const whole = rnd() < 0.4;
      const b = whole ? 0 : int(0, s - 1);
      begin.push(b);
      size.push(whole ? s : int(i % 17 === 0 ? 0 : 1, s - b));
    }
    out.push({ shape, begin, size, dtype: (['float32', 'int32', 'bool'] as const)[i % 3]! });
  }
  return out;
}

async function sliceOn(backend: string, c: Case, seed: number): Promise<number[]> {
  await initBackend(backend);
  return tf.tidy(() => {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const vals = Array.from({ length: n }, (_, i) => (c.dtype === 'bool' ? (i * seed) % 3 === 0 ? 1 : 0 : (i * 7919 + seed) % 1000 - 500 + (c.dtype === 'float32' ? 0.25 : 0)));
    const x = tf.tensor(vals, c.shape, c.dtype);
    return Array.from(tf.slice(x, c.begin, c.size).dataSync());
  });
}

test('wasm Slice == cpu Slice on 300 random boxes (rank 1-5; float32, int32, bool; empty boxes)', async () => {
  const all = cases(300);
  const want = [];
  for (const [i, c] of all.entries()) want.push(await sliceOn('cpu', c, i));
  for (const [i, c] of all.entries()) {
    const got = await sliceOn('wasm', c, i);
    assert.deepEqual(got, want[i], `case ${i}: shape ${c.shape} begin ${c.begin} size ${c.size} ${c.dtype}`);
  }
});

test('copyBox merges whole trailing dimensions and handles long runs', () => {
  const shape = [2, 3, 40];
  const src = Float32Array.from({ length: 240 }, (_, i) => i);
  const dst = new Float32Array(1 * 2 * 40);
  copyBox(src, shape, [1, 1, 0], [1, 2, 40], dst);
  assert.deepEqual(Array.from(dst), Array.from({ length: 80 }, (_, i) => 160 + i));
  const one = new Float32Array(1);
  copyBox(src, shape, [1, 2, 39], [1, 1, 1], one);
  assert.equal(one[0], 239);
});
