import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proposeMask } from '../../../engine/mask/proposeMask';
import { dice } from '../../../engine/src/metrics/dice';
import { overlapCounts } from '../../../engine/src/metrics/overlapCounts';
import { generatePhantom } from '../../../engine/src/phantom/generatePhantom';
import { createPrng } from '../../../engine/src/phantom/prng';

/**
 * The mask pipeline on the best map a generator could produce: the phantom's abnormal rendering minus its
 * normal twin, plus noise (sigma 0.015). Checks that the automatic thresholds turn a realistic disease map
 * into the true mask, and a normal image's (noise-only) map into nothing.
 */
test('proposeMask on ideal phantom disease maps: auto and Otsu recover the true masks; noise gives nothing', () => {
  const scores: Record<'auto' | 'otsu', number[]> = { auto: [], otsu: [] };
  for (let idx = 0; idx < 6; idx++) {
    const a = generatePhantom('ideal', idx, { abnormal: true });
    const n = generatePhantom('ideal', idx, { abnormal: false });
    const r = createPrng(`ideal-noise/${idx}`);
    const map = Float32Array.from(a.density, (v, i) => v - n.density[i] + 0.015 * r.normal());
    const noiseOnly = Float32Array.from(a.density, () => 0.015 * r.normal());
    for (const t of ['auto', 'otsu'] as const) {
      const p = proposeMask(map, a.width, a.height, { threshold: t });
      scores[t].push(dice(overlapCounts(p.mask, a.mask)));
      const empty = proposeMask(noiseOnly, a.width, a.height, { threshold: t });
      assert.equal(empty.regions.length, 0, `${t} on a noise-only map of image ${idx}`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  assert.ok(mean(scores.auto) > 0.75, `auto mean Dice ${mean(scores.auto)} (${scores.auto.map((v) => v.toFixed(2))})`);
  assert.ok(mean(scores.otsu) > 0.85, `otsu mean Dice ${mean(scores.otsu)} (${scores.otsu.map((v) => v.toFixed(2))})`);
  assert.ok(Math.min(...scores.auto, ...scores.otsu) > 0.6);
});
