/**
 * The segmenter's proposals are kept inside the lung fields as TagGAN's are: with the lung prior (models/lungs,
 * a real chest radiograph) nothing is proposed outside the lung fields grown by the margin, the record names
 * the prior; without it the map is the segmenter's own. The segmenter here is a stand-in that answers
 * P(lesion) = 0.9 everywhere: what is tested is the restriction, not a network.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadGrayImage } from '../../../engine/src/image/loadImage';
import { openLungPrior } from '../../../engine/src/propose/lungPrior';
import { proposeWithSegmenter } from '../../../engine/src/propose/proposeSegmenter';
import type { SegModel } from '../../../engine/src/segmenter/segModel';
import { initBackend } from '../../../engine/src/tf/backends';
import { ROOT } from '../../helpers/cli';

const SAMPLES = join(ROOT, 'samples', 'nih');
const skip = !existsSync(join(ROOT, 'models', 'lungs', 'metadata.json')) ? 'no models/lungs' : !existsSync(SAMPLES) ? `no ${SAMPLES}` : false;

const everywhere = (size: number): SegModel => ({
  dir: '(stand-in)', metadata: undefined as never, size,
  async planeProbabilities(planes) { return planes.map(() => new Float32Array(size * size).fill(0.9)); },
  async probability() { return new Float32Array(size * size).fill(0.9); },
  dispose() {},
});

/** Square (Chebyshev) dilation by r pixels, two separable running passes: the independent check of the margin. */
function dilate(m: Uint8Array, W: number, H: number, r: number): Uint8Array {
  const rows = new Uint8Array(m.length);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let v = 0;
    for (let d = Math.max(0, x - r); d <= Math.min(W - 1, x + r) && !v; d++) v = m[y * W + d]!;
    rows[y * W + x] = v;
  }
  const out = new Uint8Array(m.length);
  for (let x = 0; x < W; x++) for (let y = 0; y < H; y++) {
    let v = 0;
    for (let d = Math.max(0, y - r); d <= Math.min(H - 1, y + r) && !v; d++) v = rows[d * W + x]!;
    out[y * W + x] = v;
  }
  return out;
}

test('segmenter proposals with the lung prior stay inside the lung fields; without it they cover the image', { skip }, async () => {
  await initBackend('wasm');
  const file = join(SAMPLES, readdirSync(SAMPLES).filter((f) => f.endsWith('.png')).sort()[0]!);
  const image = await loadGrayImage(file);
  const prior = openLungPrior(undefined, 0.03)!;
  try {
    const seg = everywhere(128);
    const without = await proposeWithSegmenter(seg, image);
    assert.equal(without.lungPrior, null);
    assert.equal(without.mask.reduce((s, v) => s + v, 0), image.width * image.height, 'P = 0.9 everywhere: all of the image');
    const withPrior = await proposeWithSegmenter(seg, image, { lungPrior: prior });
    assert.deepEqual(withPrior.lungPrior, { model: prior.id, margin: 0.03 });
    const lungs = await prior.model.segment(image);
    let inside = 0; let outside = 0; let on = 0;
    // The margin is 0.03 of each side on the model's grid; a few pixels more for the grid's bilinear upsampling.
    const W = image.width; const H = image.height; const grow = Math.ceil(0.03 * Math.max(W, H)) + Math.ceil(Math.max(W, H) / 128) + 1;
    // Pixels farther than the margin from every lung pixel must be off: check the image's corners and edges.
    for (const [x, y] of [[0, 0], [W - 1, 0], [0, H - 1], [W - 1, H - 1], [Math.floor(W / 2), 0], [Math.floor(W / 2), H - 1]] as const) {
      assert.equal(withPrior.mask[y * W + x], 0, `(${x}, ${y}) is far from the lungs`);
    }
    const near = dilate(lungs.mask, W, H, grow);
    for (let i = 0; i < withPrior.mask.length; i++) {
      on += withPrior.mask[i]!;
      if (lungs.mask[i]) inside += withPrior.mask[i]!;
      if (!near[i]) outside += withPrior.mask[i]!;
    }
    assert.ok(inside > 0.95 * lungs.fraction * W * H, `the lung fields are proposed (${inside} px of the lungs' ${Math.round(lungs.fraction * W * H)})`);
    assert.equal(outside, 0, `nothing farther than the margin (${grow} px) from the lungs; ${on} px on`);
    assert.ok(withPrior.map.every((v, i) => v <= without.map[i]! + 1e-6), 'restricting never raises the map');
  } finally {
    prior.model.dispose();
  }
});
