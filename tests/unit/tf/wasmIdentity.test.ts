/**
 * Our wasm Identity shares the input's memory by reference count instead of copying it: a clone reads the
 * same values, outlives its source, and the memory is freed only when the last tensor using it is disposed.
 * A training-step gradient through it is covered by wasmGradient.test.ts and trainStepBatched.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../engine/src/tf/backends';

test('wasm clone shares memory, outlives its source, and frees it with the last user', async () => {
  await initBackend('wasm');
  const backend = tf.backend() as unknown as { dataIdMap: { has(id: object): boolean; get(id: object): { memoryOffset: number } } };
  const x = tf.tensor1d([1, 2, 3, 4]);
  const y = tf.clone(x);
  const z = tf.clone(y);
  assert.equal(backend.dataIdMap.get(y.dataId).memoryOffset, backend.dataIdMap.get(x.dataId).memoryOffset, 'no copy');
  x.dispose();
  assert.deepEqual(Array.from(await y.data()), [1, 2, 3, 4]);
  y.dispose();
  assert.ok(backend.dataIdMap.has(z.dataId), 'memory kept while z uses it');
  assert.deepEqual(Array.from(await z.data()), [1, 2, 3, 4]);
  z.dispose();
  assert.ok(!backend.dataIdMap.has(z.dataId), 'freed with the last user');
  const s = tf.tensor1d(['a', 'b'], 'string');
  const sc = tf.clone(s);
  s.dispose();
  assert.deepEqual(await sc.data(), ['a', 'b']);
  sc.dispose();
});
