import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageRecord } from '../../../engine/protocol/workspace';
import { appendLosses, formatEta, linePath, seriesRanges } from '../../../renderer/src/lib/training/lossSeries';
import { countWorklist, findNext, isProposed, isUnlabelled, labelForKey, matchesFilter, orderWorklist, parseClassList, stepIndex } from '../../../renderer/src/lib/workspace/worklistNav';

const rec = (id: number, label: string | null, status: ImageRecord['status']) => ({ id, label, status }) as ImageRecord;
const list = [rec(1, 'normal', 'new'), rec(2, null, 'new'), rec(3, 'abnormal', 'proposed'), rec(4, 'uncertain', 'accepted'), rec(5, null, 'proposed')];

test('worklist navigation: next unlabelled / next proposed wrap around; step clamps', () => {
  assert.equal(findNext(list, 0, 1, isUnlabelled), 1);
  assert.equal(findNext(list, 1, 1, isUnlabelled), 4);
  assert.equal(findNext(list, 4, 1, isUnlabelled), 1, 'wraps');
  assert.equal(findNext(list, -1, 1, isProposed), 2);
  assert.equal(findNext(list, 2, -1, isProposed), 4);
  assert.equal(findNext(list, 0, 1, () => false), -1);
  assert.equal(findNext([], 0, 1, () => true), -1);
  assert.equal(stepIndex(5, 4, 1), 4);
  assert.equal(stepIndex(5, -1, 1), 0);
  assert.equal(stepIndex(0, 0, 1), -1);
});

test('filters, counts and progress', () => {
  assert.deepEqual(list.filter((i) => matchesFilter(i, { status: 'proposed', label: null })).map((i) => i.id), [3, 5]);
  assert.deepEqual(list.filter((i) => matchesFilter(i, { status: null, label: 'unlabelled' })).map((i) => i.id), [2, 5]);
  const c = countWorklist(list, ['normal', 'abnormal']);
  assert.deepEqual(c.byLabel, { normal: 1, abnormal: 1, uncertain: 1, unlabelled: 2 });
  assert.equal(c.byStatus.proposed, 2);
  assert.equal(c.labelled, 3);
  assert.equal(c.reviewed, 1);
});

test('label keys follow the class order; typed class lists', () => {
  const classes = ['normal', 'pneumonia', 'nodule'];
  assert.equal(labelForKey('normal', classes), 'normal');
  assert.equal(labelForKey('abnormal', classes), 'pneumonia');
  assert.equal(labelForKey('uncertain', classes), 'uncertain');
  assert.equal(labelForKey(3, classes), 'nodule');
  assert.equal(labelForKey(4, classes), null);
  assert.deepEqual(parseClassList(' normal, pneumonia ,,\nnodule '), ['normal', 'pneumonia', 'nodule']);
});

test('loss series for the live plot: appended immutably, thinned, ranges and path; ETA text', () => {
  let s = {};
  for (let k = 1; k <= 10; k++) s = appendLosses(s, k, { G: 10 - k, D: NaN }, 6);
  const g = (s as Record<string, { step: number }[]>).G!;
  assert.ok(g.length <= 7 && g.at(-1)!.step === 10 && g[0]!.step === 1, `thinned but keeps ends: ${g.map((p) => p.step)}`);
  assert.equal((s as Record<string, unknown>).D, undefined, 'non-finite losses are skipped');
  const before = appendLosses({}, 1, { G: 1 });
  const after = appendLosses(before, 2, { G: 2 });
  assert.equal(before.G!.length, 1, 'never mutated');
  assert.equal(after.G!.length, 2);
  const r = seriesRanges(after)!;
  assert.deepEqual(r.x, { min: 1, max: 2 });
  assert.equal(linePath(after.G!, 100, 50, r.x, r.y), 'M0.0 47.7 L100.0 2.3');
  assert.equal(seriesRanges({}), null);
  assert.equal(formatEta(NaN), '—');
  assert.equal(formatEta(42), '42 s');
  assert.equal(formatEta(250), '4 min 10 s');
  assert.equal(formatEta(3900), '1 h 05 min');
});

test('most doubtful first: by the latest proposal\'s doubt, images without one last, ties as added', () => {
  const d = (id: number, doubt: number | null) => ({ id, label: null, status: 'proposed', doubt }) as ImageRecord;
  const imgs = [d(1, null), d(2, 0.1), d(3, 0.7), d(4, 0.1), d(5, null), d(6, 0)];
  assert.deepEqual(orderWorklist(imgs, 'doubt').map((i) => i.id), [3, 2, 4, 6, 1, 5]);
  assert.deepEqual(orderWorklist(imgs, 'added').map((i) => i.id), [1, 2, 3, 4, 5, 6]);
  assert.notEqual(orderWorklist(imgs, 'added'), imgs, 'a new array');
});
