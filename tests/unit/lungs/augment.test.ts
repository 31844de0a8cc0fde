import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_AUGMENT, augmentPair, type AugmentRanges } from '../../../engine/src/unet/augmentPair';
import { lungLearningRate } from '../../../engine/src/lungs/trainLungs';
import { mulberry32 } from '../../../engine/src/util/mulberry32';

const S = 32;
function pair(): { image: Float32Array; mask: Float32Array } {
  const image = new Float32Array(S * S);
  const mask = new Float32Array(S * S);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
    const lung = x >= 6 && x < 14 && y >= 8 && y < 26;
    mask[y * S + x] = lung ? 1 : 0;
    image[y * S + x] = lung ? 0.2 : 0.7 + 0.2 * (x / S);
  }
  return { image, mask };
}

test('augmentPair is deterministic given the rng and leaves its inputs alone', () => {
  const p = pair();
  const before = Float32Array.from(p.image);
  const a = augmentPair(p.image, p.mask, S, mulberry32(7));
  const b = augmentPair(p.image, p.mask, S, mulberry32(7));
  const c = augmentPair(p.image, p.mask, S, mulberry32(8));
  assert.deepEqual(a.image, b.image);
  assert.deepEqual(a.mask, b.mask);
  assert.notDeepEqual(a.image, c.image);
  assert.deepEqual(p.image, before);
  for (const v of a.image) assert.ok(v >= 0 && v <= 1);
  for (const v of a.mask) assert.ok(v >= 0 && v <= 1);
});

test('augmentPair moves image and mask together: with no intensity change the lung stays dark under the mask', () => {
  const geomOnly: AugmentRanges = { ...DEFAULT_AUGMENT, gamma: [1, 1], window: 0, noise: 0, blur: 0, sharpen: 0, zoomOut: 0 };
  for (let seed = 1; seed <= 20; seed++) {
    const p = pair();
    const a = augmentPair(p.image, p.mask, S, mulberry32(seed), geomOnly);
    let inLung = 0;
    let nIn = 0;
    let out = 0;
    let nOut = 0;
    for (let i = 0; i < a.mask.length; i++) {
      if (a.mask[i]! > 0.99) { inLung += a.image[i]!; nIn++; } else if (a.mask[i]! < 0.01) { out += a.image[i]!; nOut++; }
    }
    assert.ok(nIn > 40, `seed ${seed}: the lung still covers pixels (${nIn})`);
    assert.ok(Math.abs(inLung / nIn - 0.2) < 0.02, `seed ${seed}: mean under the mask ${inLung / nIn}`);
    assert.ok(out / nOut > 0.6, `seed ${seed}: mean outside ${out / nOut}`);
  }
});

test('augmentPair with identity ranges returns the pair unchanged', () => {
  const id: AugmentRanges = { scale: [1, 1], aspect: [1, 1], rotateDeg: 0, shift: 0, gamma: [1, 1], window: 0, noise: 0, blur: 0, sharpen: 0, zoomOut: 0, zoomOutScale: [1, 1] };
  const p = pair();
  const a = augmentPair(p.image, p.mask, S, mulberry32(3), id);
  for (let i = 0; i < p.image.length; i++) {
    assert.ok(Math.abs(a.image[i]! - p.image[i]!) < 1e-5);
    assert.ok(Math.abs(a.mask[i]! - p.mask[i]!) < 1e-5);
  }
  assert.throws(() => augmentPair(p.image, p.mask, S + 1, mulberry32(1)), /planes/);
});

test('a zoom-out shrinks the picture onto a flat dark frame with no lung in it', () => {
  const z: AugmentRanges = { ...DEFAULT_AUGMENT, gamma: [1, 1], window: 0, noise: 0, blur: 0, sharpen: 0, zoomOut: 1, zoomOutScale: [0.6, 0.6], shift: 0, rotateDeg: 0, aspect: [1, 1] };
  const p = pair();
  const a = augmentPair(p.image, p.mask, S, mulberry32(4), z);
  const corner = a.image[0]!;
  assert.ok(corner >= 0 && corner <= 0.15, `frame value ${corner}`);
  assert.equal(a.image[S - 1], corner);
  assert.equal(a.image[S * S - 1], corner);
  assert.equal(a.mask[0], 0);
  let before = 0;
  let after = 0;
  for (let i = 0; i < p.mask.length; i++) { before += p.mask[i]!; after += a.mask[i]!; }
  assert.ok(after < 0.5 * before && after > 0.25 * before, `lung area ${before} -> ${after} (scale 0.6: about 0.36x)`);
});

test('the learning rate decays by cosine from lr to lr / 10', () => {
  assert.equal(lungLearningRate(1e-3, 0, 100), 1e-3);
  assert.ok(Math.abs(lungLearningRate(1e-3, 50, 100) - 5.5e-4) < 1e-12);
  assert.ok(Math.abs(lungLearningRate(1e-3, 100, 100) - 1e-4) < 1e-12);
  assert.ok(Math.abs(lungLearningRate(1e-3, 200, 100) - 1e-4) < 1e-12);
});
