/**
 * Child of nativeKernels.test.ts: with the thread count in TAGGAN_THREADS, prints one JSON line: how many
 * threads our kernels run on, what a kernel call that traps on every thread (an address past the end of
 * memory) does, and whether a good call works after it. Exits on its own (helpers must not keep it alive).
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../engine/src/tf/backends';
import { nativeKernels } from '../../../../engine/src/tf/native/nativeKernels';

await initBackend('wasm');
const k = nativeKernels(tf.backend());
let fault = 'no error';
try {
  // conv_co1 on an input "at" 4 GB - 64 KB: every share reads out of bounds.
  k.run('conv_co1', [0xffff0000, 0, 0, 2, 8, 8, 4, 4, 4, 3, 3, 0, 0], Infinity);
} catch (e) {
  fault = (e as Error).message;
}
const x = tf.ones([2, 6, 6, 4]) as tf.Tensor4D;
const w = tf.ones([3, 3, 4, 1]) as tf.Tensor4D;
const y = tf.conv2d(x, w, 1, 'valid');
const after = Array.from(y.dataSync()).every((v) => v === 36);
console.log(JSON.stringify({ parts: k.parts, fault, after }));
