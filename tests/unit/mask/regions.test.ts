import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectedRegions } from '../../../engine/mask/connectedRegions';
import { fillHoles } from '../../../engine/mask/fillHoles';
import { maskFromRegions } from '../../../engine/mask/maskFromRegions';
import { removeIslands } from '../../../engine/mask/removeIslands';
import { count, parseMask, randomMask, showMask } from './helpers';

/** Reference labelling: breadth-first flood fill in raster order, 8-connectivity. */
function floodLabels(m: Uint8Array, w: number, h: number): Int32Array {
  const lab = new Int32Array(w * h);
  let next = 0;
  for (let s = 0; s < m.length; s++) {
    if (!m[s] || lab[s]) continue;
    next++;
    const q = [s];
    lab[s] = next;
    while (q.length) {
      const i = q.pop()!;
      const x = i % w;
      const y = (i / w) | 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const j = yy * w + xx;
          if (m[j] && !lab[j]) {
            lab[j] = next;
            q.push(j);
          }
        }
    }
  }
  return lab;
}

test('connectedRegions labels like a flood fill (8-connectivity, raster order) on random masks', () => {
  for (const [w, h, p, seed] of [[40, 30, 0.45, 7], [64, 64, 0.55, 8], [17, 50, 0.3, 9], [100, 3, 0.6, 10]] as const) {
    const m = randomMask(w, h, p, seed);
    const { labels, regions } = connectedRegions(m, w, h);
    const ref = floodLabels(m, w, h);
    assert.deepEqual(labels, ref, `labels ${w}x${h}`);
    let maxRef = 0;
    for (const v of ref) maxRef = Math.max(maxRef, v);
    assert.equal(regions.length, maxRef);
    for (const r of regions) {
      let area = 0;
      let x0: number = w, y0: number = h, x1 = -1, y1 = -1;
      for (let i = 0; i < ref.length; i++) {
        if (ref[i] !== r.id) continue;
        area++;
        const x = i % w, y = (i / w) | 0;
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
      assert.equal(r.area, area);
      assert.deepEqual(r.bbox, { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 });
    }
  }
});

test('diagonal neighbours join (8-connectivity); regions carry mean and max map score', () => {
  const { mask, w, h } = parseMask(['#...##', '.#..##', '..#...', '......', '.....#']);
  const map = new Float32Array(w * h);
  for (let i = 0; i < map.length; i++) map[i] = i; // score = mean index
  const { regions, labels } = connectedRegions(mask, w, h, map);
  assert.equal(regions.length, 3);
  const [diag, block, dot] = regions;
  assert.deepEqual({ id: diag.id, area: diag.area, bbox: diag.bbox }, { id: 1, area: 3, bbox: { x: 0, y: 0, w: 3, h: 3 } });
  assert.equal(diag.score, (0 + 7 + 14) / 3);
  assert.equal(diag.maxScore, 14);
  assert.deepEqual({ id: block.id, area: block.area, bbox: block.bbox }, { id: 2, area: 4, bbox: { x: 4, y: 0, w: 2, h: 2 } });
  assert.equal(block.cx, 4.5);
  assert.equal(block.cy, 0.5);
  assert.deepEqual({ id: dot.id, area: dot.area }, { id: 3, area: 1 });
  assert.equal(labels[4 * w + 5], 3);
});

test('a U shape whose arms meet only at the bottom is one region (union-find merges labels)', () => {
  const { mask, w, h } = parseMask(['#.#.#', '#.#.#', '#####']);
  const { regions, labels } = connectedRegions(mask, w, h);
  assert.equal(regions.length, 1);
  assert.equal(regions[0].area, 11);
  assert.ok([...labels].every((l, i) => (mask[i] ? l === 1 : l === 0)));
});

test('removeIslands drops regions below minArea and keeps the rest intact', () => {
  const { mask, w, h } = parseMask(['##...#', '##....', '......', '...###', '#..###']);
  assert.deepEqual(showMask(removeIslands(mask, w, h, 4), w), ['##....', '##....', '......', '...###', '...###']);
  assert.deepEqual(removeIslands(mask, w, h, 0), mask);
  assert.equal(count(removeIslands(mask, w, h, 7)), 0);
});

test('fillHoles fills enclosed background but not background open to the border', () => {
  const { mask, w, h } = parseMask([
    '.........',
    '.#####...',
    '.#...#...',
    '.#.#.#...',
    '.#####.##',
    '.......#.', // the '.' at the right edge is open to the border
    '.......##',
  ]);
  assert.deepEqual(showMask(fillHoles(mask, w, h), w), [
    '.........',
    '.#####...',
    '.#####...',
    '.#####...',
    '.#####.##',
    '.......#.',
    '.......##',
  ]);
  // a hole touching only diagonally-adjacent background is still a hole (background is 4-connected)
  const d = parseMask(['.#.', '#.#', '.#.']);
  assert.deepEqual(showMask(fillHoles(d.mask, d.w, d.h), d.w), ['.#.', '###', '.#.']);
});

test('maskFromRegions keeps the accepted regions only and refuses id 0', () => {
  const { mask, w, h } = parseMask(['##..#', '.....', '#...#']);
  const { labels, regions } = connectedRegions(mask, w, h);
  assert.equal(regions.length, 4);
  assert.deepEqual(showMask(maskFromRegions(labels, [1, 4]), w), ['##...', '.....', '....#']);
  assert.deepEqual(showMask(maskFromRegions(labels, []), w), ['.....', '.....', '.....']);
  assert.throws(() => maskFromRegions(labels, [0]), /reserved for background/);
});
