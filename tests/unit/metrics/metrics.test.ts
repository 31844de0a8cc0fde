import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateMetrics } from '../../../engine/src/metrics/aggregateMetrics';
import { boxesToMask } from '../../../engine/src/metrics/boxesToMask';
import { boxHits } from '../../../engine/src/metrics/boxHits';
import { dice } from '../../../engine/src/metrics/dice';
import { diffGradCam } from '../../../engine/src/metrics/diffGradCam';
import { evaluateImage } from '../../../engine/src/metrics/evaluateImage';
import { flaggedArea } from '../../../engine/src/metrics/flaggedArea';
import { iou } from '../../../engine/src/metrics/iou';
import { overlapCounts } from '../../../engine/src/metrics/overlapCounts';
import { pixelChangeRate } from '../../../engine/src/metrics/pixelChangeRate';
import { poi } from '../../../engine/src/metrics/poi';

const m = (bits: string) => Uint8Array.from(bits, (c) => (c === '1' ? 1 : 0));

test('overlap metrics on hand-counted masks', () => {
  // pred 4 px, truth 3 px, 2 shared: PoI 2/4, IoU 2/5, Dice 4/7
  const c = overlapCounts(m('11110000'), m('00111000'));
  assert.deepEqual(c, { pred: 4, truth: 3, inter: 2, total: 8 });
  assert.equal(poi(c), 0.5);
  assert.equal(iou(c), 0.4);
  assert.equal(dice(c), 4 / 7);
  const same = overlapCounts(m('0110'), m('0110'));
  assert.equal(dice(same), 1);
  assert.equal(iou(same), 1);
  const empty = overlapCounts(m('0000'), m('0110'));
  assert.equal(poi(empty), null);
  assert.equal(dice(empty), 0);
  assert.equal(dice(overlapCounts(m('00'), m('00'))), 1);
  assert.throws(() => overlapCounts(m('0'), m('00')), /prediction has 1 pixels, truth 2/);
});

test('boxes: rasterised with exclusive x2/y2, clipped; a box is hit by any overlapping predicted pixel', () => {
  const w = 6;
  const h = 4;
  const boxes = [{ x1: 1, y1: 1, x2: 3, y2: 3 }, { x1: 4, y1: 0, x2: 10, y2: 1 }];
  const bm = boxesToMask(boxes, w, h);
  assert.deepEqual([...bm], [...m('000011' + '011000' + '011000' + '000000')]);
  const pred = m('000000' + '000000' + '001000' + '000000'); // one pixel inside box 1
  assert.equal(boxHits(pred, w, h, boxes), 1);
  assert.equal(boxHits(m('000000'.repeat(4)), w, h, boxes), 0);
  assert.equal(boxHits(m('000001' + '000000'.repeat(3)), w, h, boxes), 1);
  // a pixel just outside the exclusive edge does not hit
  assert.equal(boxHits(m('000000' + '000100' + '000000' + '000000'), w, h, boxes), 0);
});

test('flagged area, pixel change rate and DiffGradCAM', () => {
  assert.equal(flaggedArea(m('0011')), 0.5);
  const x = new Float32Array([0.5, 0.5, 0.5, 0.5]);
  const xN = new Float32Array([0.5, 0.51, 0.45, 0.9]);
  assert.equal(pixelChangeRate(x, xN, 0.02), 0.5);
  assert.equal(pixelChangeRate(x, x), 0);
  const heat = new Float32Array([1, 0.8, 0.1, 0.3]);
  assert.ok(Math.abs(diffGradCam(heat, m('1100'))! - (0.9 - 0.2)) < 1e-6);
  assert.equal(diffGradCam(heat, m('0000')), null);
  assert.throws(() => pixelChangeRate(x, new Float32Array(3)), /counterpart 3/);
});

test('evaluateImage and aggregateMetrics: abnormal means, PoI only over predictions, normals only flagged area', () => {
  const w = 4;
  const h = 2;
  const truthMask = m('1100' + '1100');
  const a = evaluateImage({ stem: 'a', label: 'abnormal', width: w, height: h, pred: m('1100' + '1100'), truthMask });
  assert.equal(a.dice, 1);
  assert.equal(a.boxes, 1);
  assert.equal(a.boxHits, 1);
  const b = evaluateImage({ stem: 'b', label: 'abnormal', width: w, height: h, pred: m('0000' + '0000'), truthMask });
  assert.equal(b.poi, null);
  assert.equal(b.dice, 0);
  const c = evaluateImage({ stem: 'c', label: 'abnormal', width: w, height: h, pred: m('0110' + '0000'), truthBoxes: [{ x1: 0, y1: 0, x2: 2, y2: 2 }] });
  assert.equal(c.poi, 0.5); // 1 of 2 predicted pixels in the box
  assert.equal(c.dice, (2 * 1) / (2 + 4));
  const n1 = evaluateImage({ stem: 'n1', label: 'normal', width: w, height: h, pred: m('0000' + '0000') });
  const n2 = evaluateImage({ stem: 'n2', label: 'normal', width: w, height: h, pred: m('1000' + '0000') });
  assert.equal(n2.dice, null);
  const s = aggregateMetrics([a, b, c, n1, n2]);
  assert.equal(s.n, 5);
  assert.equal(s.nAbnormal, 3);
  assert.equal(s.nNormal, 2);
  assert.equal(s.poiImages, 2);
  assert.equal(s.poi, (1 + 0.5) / 2);
  assert.equal(s.dice, (1 + 0 + 1 / 3) / 3);
  assert.equal(s.boxHit, 2 / 3);
  assert.equal(s.normalFlaggedArea, (0 + 1 / 8) / 2);
  assert.throws(() => evaluateImage({ stem: 'x', label: 'abnormal', width: w, height: h, pred: m('00000000') }), /needs a truth/);
  const none = aggregateMetrics([]);
  assert.equal(none.dice, null);
  assert.equal(none.normalFlaggedArea, null);
});
