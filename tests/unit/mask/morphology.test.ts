import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeMask } from '../../../engine/mask/closeMask';
import { dilate } from '../../../engine/mask/dilate';
import { erode } from '../../../engine/mask/erode';
import { openMask } from '../../../engine/mask/openMask';
import { parseMask, randomMask, showMask } from './helpers';

/** Brute force: erosion/dilation by checking every window pixel (outside = 0). */
function bruteForce(m: Uint8Array, w: number, h: number, kw: number, kh: number, op: 'erode' | 'dilate'): Uint8Array {
  const ax = kw >> 1;
  const ay = kh >> 1;
  const xlo = op === 'erode' ? -ax : -(kw - 1 - ax);
  const ylo = op === 'erode' ? -ay : -(kh - 1 - ay);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let all = true;
      let any = false;
      for (let dy = 0; dy < kh; dy++)
        for (let dx = 0; dx < kw; dx++) {
          const xx = x + xlo + dx;
          const yy = y + ylo + dy;
          const v = xx >= 0 && yy >= 0 && xx < w && yy < h ? m[yy * w + xx] : 0;
          if (v) any = true;
          else all = false;
        }
      out[y * w + x] = (op === 'erode' ? all : any) ? 1 : 0;
    }
  return out;
}

test('erode and dilate match a brute-force window check for many kernel sizes', () => {
  const sizes: [number, number][] = [[1, 1], [2, 2], [3, 3], [5, 5], [2, 5], [4, 1], [7, 3]];
  for (const [w, h, p, seed] of [[23, 17, 0.6, 1], [31, 9, 0.85, 2], [8, 40, 0.3, 3]] as const) {
    const m = randomMask(w, h, p, seed);
    for (const [kw, kh] of sizes) {
      assert.deepEqual(erode(m, w, h, kw, kh), bruteForce(m, w, h, kw, kh, 'erode'), `erode ${kw}x${kh} on ${w}x${h}`);
      assert.deepEqual(dilate(m, w, h, kw, kh), bruteForce(m, w, h, kw, kh, 'dilate'), `dilate ${kw}x${kh} on ${w}x${h}`);
    }
  }
});

test('erode and dilate match brute force on sparse masks (bounding-box shortcut) and on an empty mask', () => {
  const w = 50;
  const h = 40;
  for (let seed = 11; seed < 16; seed++) {
    const dense = randomMask(w, h, 0.7, seed);
    const m = new Uint8Array(w * h);
    // foreground only in a small off-centre rectangle (and one corner pixel for seed 13)
    for (let y = 10 + seed - 11; y < 20; y++) for (let x = 30; x < 38 + seed - 11; x++) m[y * w + x] = dense[y * w + x];
    if (seed === 13) m[w * h - 1] = 1;
    for (const [kw, kh] of [[2, 2], [5, 5], [3, 7]] as const) {
      assert.deepEqual(erode(m, w, h, kw, kh), bruteForce(m, w, h, kw, kh, 'erode'), `erode ${kw}x${kh} seed ${seed}`);
      assert.deepEqual(dilate(m, w, h, kw, kh), bruteForce(m, w, h, kw, kh, 'dilate'), `dilate ${kw}x${kh} seed ${seed}`);
    }
  }
  const empty = new Uint8Array(w * h);
  assert.deepEqual(dilate(empty, w, h, 5, 5), empty);
});

test('a 3x3 dilation of one pixel is a 3x3 square; a 3x3 erosion of it is empty', () => {
  const { mask, w, h } = parseMask(['.....', '.....', '..#..', '.....', '.....']);
  assert.deepEqual(showMask(dilate(mask, w, h, 3, 3), w), ['.....', '.###.', '.###.', '.###.', '.....']);
  assert.deepEqual(showMask(erode(mask, w, h, 3, 3), w), ['.....', '.....', '.....', '.....', '.....']);
});

test('2x2 erosion then 5x5 dilation (TBVA-GAN) of a 4x4 square gives a 7x7 square', () => {
  const w = 12;
  const h = 12;
  const m = new Uint8Array(w * h);
  for (let y = 4; y < 8; y++) for (let x = 4; x < 8; x++) m[y * w + x] = 1;
  const out = dilate(erode(m, w, h, 2, 2), w, h, 5, 5);
  // erosion 2x2 keeps x,y in 5..7 (3x3), dilation 5x5 grows 2 each side: 3..9
  let c = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inside = x >= 3 && x <= 9 && y >= 3 && y <= 9;
      assert.equal(out[y * w + x], inside ? 1 : 0, `pixel ${x},${y}`);
      c += out[y * w + x];
    }
  assert.equal(c, 49);
});

test('opening never grows a mask and closing never shrinks it away from the border (even kernels too)', () => {
  const w = 30;
  const h = 20;
  for (let seed = 1; seed <= 5; seed++) {
    const m = randomMask(w, h, 0.55, seed);
    for (const k of [2, 3, 4]) {
      const o = openMask(m, w, h, k);
      const c = closeMask(m, w, h, k);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const i = y * w + x;
          assert.ok(o[i] <= m[i], `opening grew pixel ${x},${y} (k=${k})`);
          const interior = x >= k && y >= k && x < w - k && y < h - k;
          if (interior) assert.ok(c[i] >= m[i], `closing shrank pixel ${x},${y} (k=${k})`);
        }
    }
  }
});

test('bad sizes and kernels fail loudly', () => {
  assert.throws(() => erode(new Uint8Array(10), 3, 3, 2), /length 10 != 3x3/);
  assert.throws(() => dilate(new Uint8Array(9), 3, 3, 0), /kernel: bad size/);
  assert.throws(() => dilate(new Uint8Array(9), 3, 3, 1.5), /kernel: bad size/);
});
