import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proposeMask } from '../../../engine/mask/proposeMask';
import { count, rng } from './helpers';

const W = 128;
const H = 128;

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** A disease map: noise everywhere plus soft-edged plateau discs; returns the truth (disc interiors). */
function syntheticMap(seed: number, discs: { x: number; y: number; r: number; a: number }[], noise = 0.01) {
  const rand = rng(seed);
  const map = new Float32Array(W * H);
  const truth = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let v = noise * gauss(rand);
      for (const d of discs) {
        const dist = Math.hypot(x - d.x, y - d.y);
        const s = Math.min(1, Math.max(0, (d.r + 1.5 - dist) / 3)); // 3-px soft edge centred on r
        v += d.a * s;
        if (dist <= d.r) truth[y * W + x] = 1;
      }
      map[y * W + x] = v;
    }
  return { map, truth };
}

function dice(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  for (let i = 0; i < a.length; i++) if (a[i] && b[i]) inter++;
  return (2 * inter) / (count(a) + count(b));
}

test('a normal map (noise only) gives an empty mask with every method but a low manual threshold', () => {
  const { map } = syntheticMap(1, [], 0.012);
  for (const threshold of ['auto', 'otsu'] as const) {
    const r = proposeMask(map, W, H, { threshold });
    assert.equal(count(r.mask), 0, `${threshold} flagged noise`);
    assert.equal(r.regions.length, 0);
  }
  // the manual slider is taken as given: a threshold inside the noise flags pixels
  assert.ok(count(proposeMask(map, W, H, { threshold: 0, minArea: 0 }).mask) > 1000);
});

test('auto (TBVA) and otsu recover two plateau lesions of different strength as two scored regions', () => {
  const discs = [{ x: 35, y: 40, r: 12, a: 0.3 }, { x: 90, y: 85, r: 16, a: 0.2 }];
  const { map, truth } = syntheticMap(2, discs);
  for (const threshold of ['auto', 'otsu'] as const) {
    const r = proposeMask(map, W, H, { threshold });
    assert.equal(r.regions.length >= 1, true, threshold);
    const d = dice(r.mask, truth);
    if (threshold === 'otsu') {
      assert.equal(r.regions.length, 2);
      assert.ok(d > 0.9, `otsu dice ${d}`);
      assert.ok(r.regions[0].score > r.regions[1].score, 'the stronger lesion scores higher');
    } else {
      // TBVA's 97%-of-peak keeps the dominant lesion's body (and maybe not the weaker one): check overlap only
      let inside = 0;
      for (let i = 0; i < r.mask.length; i++) if (r.mask[i] && truth[i]) inside++;
      assert.ok(inside / count(r.mask) > 0.8, `auto precision ${inside / count(r.mask)}`);
    }
    assert.ok(r.threshold !== null && r.threshold >= 0.05);
    // the label image and the regions agree
    for (const reg of r.regions) {
      let a = 0;
      for (const l of r.labels) if (l === reg.id) a++;
      assert.equal(a, reg.area);
    }
  }
});

test('the CAM region limits where the mask may be', () => {
  const discs = [{ x: 35, y: 40, r: 12, a: 0.3 }, { x: 90, y: 85, r: 12, a: 0.3 }];
  const { map } = syntheticMap(3, discs);
  const cam = new Float32Array(W * H);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) cam[y * W + x] = 1; // top-left quadrant
  const r = proposeMask(map, W, H, { threshold: 'otsu', cam });
  assert.equal(r.regions.length, 1);
  assert.ok(r.regions[0].cx < 64 && r.regions[0].cy < 64);
});

test('minArea drops small regions and renumbers the rest', () => {
  const discs = [{ x: 20, y: 20, r: 2, a: 0.4 }, { x: 90, y: 85, r: 12, a: 0.4 }];
  const { map } = syntheticMap(4, discs);
  const all = proposeMask(map, W, H, { threshold: 0.2, minArea: 0 });
  assert.equal(all.regions.length, 2);
  const big = proposeMask(map, W, H, { threshold: 0.2, minArea: 50 });
  assert.equal(big.regions.length, 1);
  assert.equal(big.regions[0].id, 1);
  assert.equal(count(big.mask), big.regions[0].area);
  assert.ok([...big.labels].every((l, i) => (l ? 1 : 0) === big.mask[i]));
  assert.throws(() => proposeMask(map, W, H, { threshold: 'nope' as 'auto' }), /threshold must be/);
  assert.throws(() => proposeMask(map, W + 1, H, { threshold: 'auto' }), /length/);
});
