import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chordLabel, chordOf } from '../../../renderer/src/lib/shortcuts/chord';
import { ALL_SHORTCUTS, findConflicts, VIEWER_ENTRIES, WORKFLOW_SHORTCUTS, workflowActionForKey } from '../../../renderer/src/lib/shortcuts/registry';
import { actionForKey, SHORTCUTS } from '../../../renderer/src/lib/viewer/shortcuts';

test('one table: every chord of the app is bound once (viewer + workflow)', () => {
  assert.deepEqual(findConflicts(ALL_SHORTCUTS), []);
  // The checker does find a clash when there is one.
  assert.deepEqual(findConflicts([...ALL_SHORTCUTS, { chords: ['n'], action: 'x', label: '', group: 'App', viewer: false }]), [{ chord: 'n', actions: ['labelNormal', 'x'] }]);
  assert.equal(VIEWER_ENTRIES.length, SHORTCUTS.length, 'the help lists every viewer shortcut');
});

test('key events resolve to the workflow action, and the viewer ignores the workflow keys (and vice versa)', () => {
  const key = (k: string, o: Partial<{ code: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ key: k, ...o });
  assert.equal(workflowActionForKey(key('n')), 'labelNormal');
  assert.equal(workflowActionForKey(key('a')), 'labelAbnormal');
  assert.equal(workflowActionForKey(key('u')), 'labelUncertain');
  assert.equal(workflowActionForKey(key('!', { code: 'Digit1', shiftKey: true })), 'labelClass1');
  assert.equal(workflowActionForKey(key('(', { code: 'Digit9', shiftKey: true })), 'labelClass9');
  assert.equal(workflowActionForKey(key('N', { shiftKey: true })), 'nextUnlabelled');
  assert.equal(workflowActionForKey(key('z', { ctrlKey: true })), 'undo');
  assert.equal(workflowActionForKey(key('z', { metaKey: true })), 'undo');
  assert.equal(workflowActionForKey(key('Z', { ctrlKey: true, shiftKey: true })), 'redo');
  assert.equal(workflowActionForKey(key('y', { ctrlKey: true })), 'redo');
  assert.equal(workflowActionForKey(key('[')), 'brushSmaller');
  assert.equal(workflowActionForKey(key('Delete', { shiftKey: true })), 'rejectImage');
  assert.equal(workflowActionForKey(key('Delete')), undefined);
  // Viewer keys stay the viewer's: window presets on plain digits, not labels.
  assert.equal(workflowActionForKey(key('1', { code: 'Digit1' })), undefined);
  assert.equal(actionForKey(key('1')), 'preset1');
  assert.equal(workflowActionForKey(key('j')), undefined);
  for (const e of WORKFLOW_SHORTCUTS) {
    for (const c of e.chords) {
      if (c.includes('+')) continue;
      assert.equal(actionForKey({ key: c }), undefined, `viewer must not act on workflow key ${c}`);
    }
  }
});

test('chord strings and their help labels', () => {
  assert.equal(chordOf({ key: 'R', shiftKey: true }), 'R');
  assert.equal(chordOf({ key: 'ArrowDown', shiftKey: true }), 'Shift+ArrowDown');
  assert.equal(chordOf({ key: '@', code: 'Digit2', shiftKey: true }), 'Shift+Digit2');
  assert.equal(chordLabel('Shift+Digit2'), 'Shift+2');
  assert.equal(chordLabel('Ctrl+Shift+z'), 'Ctrl+Shift+Z');
  assert.equal(chordLabel(' '), 'Space');
});
