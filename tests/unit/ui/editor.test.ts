import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paintDisc } from '../../../engine/mask/paintDisc';
import { applyFlips, diffMasks, unionBox } from '../../../renderer/src/lib/editor/maskDiff';
import { SaveQueue } from '../../../renderer/src/lib/editor/saveQueue';
import { UndoStack } from '../../../renderer/src/lib/editor/undoStack';
import { affineFromPoints, healthyRgba, heatColor, mapToHeatRgba, paintMaskRgba } from '../../../renderer/src/lib/editor/overlayPixels';

test('undo/redo per stroke restores the exact masks; a new edit clears redo; the limit drops the oldest', () => {
  const W = 32, H = 16;
  const mask = new Uint8Array(W * H);
  const stack = new UndoStack(2);
  const states: Uint8Array[] = [mask.slice()];
  for (const [x, y] of [[5, 5], [20, 8], [12, 3]] as const) {
    const before = mask.slice();
    const r = paintDisc(mask, W, H, x, y, 3, 1);
    stack.push(diffMasks(before, mask, W, r.dirty));
    states.push(mask.slice());
  }
  assert.deepEqual(stack.depth, { undo: 2, redo: 0 });
  assert.ok(stack.undo(mask));
  assert.deepEqual(mask, states[2]);
  assert.ok(stack.undo(mask));
  assert.deepEqual(mask, states[1]);
  assert.equal(stack.undo(mask), null, 'the oldest step fell off the limit');
  assert.ok(stack.redo(mask));
  assert.deepEqual(mask, states[2]);
  const before = mask.slice();
  paintDisc(mask, W, H, 28, 12, 2, 1);
  stack.push(diffMasks(before, mask, W));
  assert.equal(stack.canRedo, false);
  stack.push(new Uint32Array(0));
  assert.deepEqual(stack.depth, { undo: 2, redo: 0 }, 'empty edits are not steps');
  assert.throws(() => new UndoStack(0), /limit/);
});

test('diffMasks inside a box, applyFlips bounds, unionBox', () => {
  const a = Uint8Array.from([0, 1, 0, 1, 0, 0]);
  const b = Uint8Array.from([1, 1, 0, 0, 0, 1]);
  assert.deepEqual([...diffMasks(a, b, 3)], [0, 3, 5]);
  assert.deepEqual([...diffMasks(a, b, 3, { x: 0, y: 1, w: 2, h: 1 })], [3]);
  const c = a.slice();
  applyFlips(c, diffMasks(a, b, 3));
  assert.deepEqual(c, b);
  assert.throws(() => applyFlips(c, Uint32Array.from([6])), /outside/);
  assert.deepEqual(unionBox({ x: 1, y: 1, w: 2, h: 2 }, { x: 4, y: 0, w: 1, h: 1 }), { x: 1, y: 0, w: 4, h: 3 });
  assert.equal(unionBox(null, null), null);
});

test('save queue: one save at a time, latest wins, "saved" only after the answer, errors kept in words', async () => {
  const sent: number[] = [];
  const gates: (() => void)[] = [];
  let fail = false;
  const q = new SaveQueue<number, string>(async (p) => {
    sent.push(p);
    await new Promise<void>((r) => gates.push(r));
    if (fail) throw new Error('disk full');
    return `v${p}`;
  });
  q.submit(1);
  q.submit(2);
  q.submit(3);
  assert.deepEqual(sent, [1], 'one in flight');
  assert.equal(q.state.saved, null, 'nothing is saved before the engine answers');
  assert.equal(q.state.pending, 3);
  gates.shift()!();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(sent, [1, 3], 'the newest replaced the intermediate one');
  assert.equal(q.state.saved, 'v1');
  gates.shift()!();
  await q.idle();
  assert.equal(q.state.saved, 'v3');
  assert.equal(q.state.pending, 0);
  assert.equal(q.state.saving, false);
  fail = true;
  q.submit(4);
  gates.shift()!();
  await q.idle();
  assert.equal(q.state.error, 'disk full');
  assert.equal(q.state.saved, 'v3', 'a failed save never reads as saved');
  assert.equal(q.state.pending, 1);
});

test('overlay pixels: mask fill + outline, heat colours, healthy = image - map, affine from three points', () => {
  const W = 4, H = 4;
  const m = new Uint8Array(16);
  for (const i of [5, 6, 9, 10]) m[i] = 1;
  const rgba = new Uint8ClampedArray(64);
  paintMaskRgba(m, W, H, rgba, [10, 20, 30], 70);
  assert.deepEqual([...rgba.slice(20, 24)], [10, 20, 30, 255], 'a 2x2 block is all outline');
  assert.equal(rgba[3], 0);
  const big = new Uint8Array(25).fill(1);
  const rgba5 = new Uint8ClampedArray(100);
  paintMaskRgba(big, 5, 5, rgba5, [1, 2, 3], 70);
  assert.equal(rgba5[12 * 4 + 3], 70, 'inside pixels are translucent');
  assert.throws(() => paintMaskRgba(m, W, H, new Uint8ClampedArray(3), [0, 0, 0]), /bytes/);
  assert.deepEqual(heatColor(0), [0, 0, 0]);
  assert.deepEqual(heatColor(1), [255, 255, 255]);
  const heat = mapToHeatRgba(Float32Array.from([0, 0.5, 1, -1]), 1);
  assert.equal(heat[3], 0);
  assert.equal(heat[15], 0, 'negative values are not heat');
  assert.ok(heat[7]! > 0 && heat[11]! === 255);
  const h = healthyRgba(Uint8Array.from([200, 10]), Float32Array.from([0.2, 0.5]));
  assert.deepEqual([...h], [149, 149, 149, 255, 0, 0, 0, 255]);
  assert.deepEqual(affineFromPoints({ x: 10, y: 20 }, { x: 12, y: 20 }, { x: 10, y: 22 }), [2, 0, 0, 2, 10, 20]);
});
