import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SetMetrics } from '../../../engine/src/metrics';
import { poolRoles, splitTestPool, type SimRound } from '../../../engine/src/segmenter/simulateAcceptance';
import { simulationPlotSvg, simulationTable } from '../../../engine/src/segmenter/simulationReport';

test('splitTestPool holds out the same share of each label, seeded, with no image in both halves', () => {
  const cases = [...Array.from({ length: 30 }, (_, i) => ({ stem: `a${i}`, label: 'abnormal' })), ...Array.from({ length: 20 }, (_, i) => ({ stem: `n${i}`, label: 'normal' }))];
  const { test: t, pool } = splitTestPool(cases, 0.5, 7);
  assert.equal(t.filter((c) => c.label === 'abnormal').length, 15);
  assert.equal(t.filter((c) => c.label === 'normal').length, 10);
  assert.equal(new Set([...t, ...pool].map((c) => c.stem)).size, 50);
  assert.deepEqual(splitTestPool(cases, 0.5, 7).test.map((c) => c.stem), t.map((c) => c.stem), 'same seed, same split');
  assert.notDeepEqual(splitTestPool(cases, 0.5, 8).test.map((c) => c.stem), t.map((c) => c.stem), 'another seed, another split');
});

test('poolRoles: by default every normal is an empty target and k is drawn from the abnormal images; "picked" draws from all', () => {
  const pool = [{ stem: 'a', label: 'abnormal' }, { stem: 'n1', label: 'normal' }, { stem: 'b', label: 'abnormal' }, { stem: 'n2', label: 'normal' }];
  const byDefault = poolRoles(pool, 'pool');
  assert.deepEqual(byDefault.always.map((c) => c.stem), ['n1', 'n2']);
  assert.deepEqual(byDefault.candidates.map((c) => c.stem), ['a', 'b']);
  const picked = poolRoles(pool, 'picked');
  assert.deepEqual(picked.always, []);
  assert.deepEqual(picked.candidates.map((c) => c.stem), ['a', 'n1', 'b', 'n2']);
});

const m = (dice: number): SetMetrics => ({
  poi: 0.6, iou: dice * 0.8, dice, boxHit: 1, normalFlaggedArea: 0.01, n: 10, nAbnormal: 6, nNormal: 4, poiImages: 6, boxes: 6, boxHits: 6, abnormalWithProposal: 6, normalWithProposal: 1,
});
const round = (pick: 'random' | 'doubt', k: number, dice: number): SimRound => ({ pick, k, model: '', predictions: '', accepted: [], abnormalAccepted: k / 2, normalTargets: 40, metrics: m(dice), trainSec: 1 });

test('the simulation table has a row per round and per baseline, in percent', () => {
  const t = simulationTable([round('random', 25, 0.5), round('doubt', 50, 0.625)], [{ name: 'whole lung', metrics: m(0.635) }]);
  const lines = t.split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[2]!, /^\| segmenter, random \| 25 \| 12\.5 \+ 40 \| 50\.0 \|/);
  assert.match(lines[3]!, /^\| segmenter, by doubt \| 50 \| 25 \+ 40 \| 62\.5 \|/);
  assert.match(lines[4]!, /^\| whole lung \| - \| - \| 63\.5 \|/);
  const { normalTargets: _, ...firstVersion } = round('random', 100, 0.6);
  assert.match(simulationTable([firstVersion], []).split('\n')[2]!, /^\| segmenter, random \| 100 \| 50 \+ 50 \|/, 'a first-version record: the picked normals were the empty targets');
});

test('the plot is an SVG with a line per way of picking and a dashed line per baseline', () => {
  const svg = simulationPlotSvg([round('random', 25, 0.5), round('random', 100, 0.7), round('doubt', 25, 0.5), round('doubt', 100, 0.75)], [{ name: 'whole lung', metrics: m(0.635) }], 'Dice by k');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal((svg.match(/<polyline/g) ?? []).length, 2);
  const selfTrained = { ...round('random', 100, 0.72), stage: 'self-trained' as const, softTargets: { count: 900, weight: 0.5 } };
  assert.equal((simulationPlotSvg([round('random', 25, 0.5), round('random', 100, 0.7), selfTrained], [], 'x').match(/<polyline/g) ?? []).length, 2, 'self-training is its own line');
  assert.match(simulationTable([selfTrained], []).split('\n')[2]!, /^\| segmenter, random \+ self-training \| 100 \| 50 \+ 40 \+ 900 own masks \(weight 0\.5\) \| 72\.0 \|/);
  assert.equal((svg.match(/<circle/g) ?? []).length, 4);
  assert.ok(svg.includes('stroke-dasharray="6 4"'));
  assert.ok(svg.includes('whole lung 63.5'));
});
