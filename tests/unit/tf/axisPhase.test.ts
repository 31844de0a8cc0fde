/**
 * axisPhase (the strided input gradient by phases): checked by brute force against the definition
 * dx[i] = sum over (oh, kh) with oh*s + kh - pad = i of dy[oh] * w[kh], for many sizes, kernels, strides and pads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisPhase } from '../../../engine/src/tf/kernels/wasmConv2DBackpropInput';

test('the phases of an axis cover every dx index once, each with exactly the (dy, tap) pairs that reach it', () => {
  let checked = 0;
  for (const s of [2, 3]) {
    for (const k of [1, 2, 3, 4, 5]) {
      for (const size of [5, 8, 9]) {
        for (const pad of [0, 1, Math.floor((k - 1) / 2), k - 1]) {
          const out = Math.floor((size + 2 * pad - k) / s) + 1;
          if (out < 1) continue;
          const seen = new Array<number>(size).fill(0);
          for (let r = 0; r < s; r++) {
            const p = axisPhase(size, k, s, pad, out, r);
            for (let j = 0; j < p.count; j++) {
              const i = p.first + s * j;
              seen[i]! += 1;
              // What the phase's stride-1 'valid' convolution over dy (cropped, then padded) sums for output j.
              const got: string[] = [];
              for (let q = 0; q < p.taps; q++) {
                const row = j + q - p.padLo + p.cropLo; // row of the original dy
                if (row >= 0 && row < out - p.cropHi) got.push(`${row}:${p.tap + s * (p.taps - 1 - q)}`);
              }
              const want: string[] = [];
              for (let oh = 0; oh < out; oh++) for (let kh = 0; kh < k; kh++) if (oh * s + kh - pad === i) want.push(`${oh}:${kh}`);
              assert.deepEqual(got.sort(), want.sort(), `s ${s} k ${k} size ${size} pad ${pad} i ${i}`);
              checked += 1;
            }
            // The padded, cropped dy gives exactly count outputs.
            if (p.taps > 0 && p.count > 0) assert.equal(out - p.cropLo - p.cropHi + p.padLo + p.padHi - p.taps + 1, p.count);
          }
          assert.deepEqual(seen, new Array<number>(size).fill(1), `s ${s} k ${k} size ${size} pad ${pad}: every index in one phase`);
        }
      }
    }
  }
  assert.ok(checked > 500, `${checked} indices checked`);
});
