/**
 * The one shortcut table of the app: the viewer's keys (lib/viewer/shortcuts) plus the workflow's (labels,
 * worklist, review, editor). The key handlers resolve through it and the help overlay lists it, so what the
 * help says is what the keys do; `findConflicts` (unit-tested) keeps every chord bound once.
 */
import { SHORTCUTS as VIEWER_SHORTCUTS } from '../viewer/shortcuts';
import { chordOf, type KeyLike } from './chord';

export type ShortcutGroup = 'Viewer' | 'Worklist' | 'Labels' | 'Review' | 'Editor' | 'App';

export type WorkflowAction =
  | 'labelNormal' | 'labelAbnormal' | 'labelUncertain' | `labelClass${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`
  | 'nextUnlabelled' | 'nextProposed'
  | 'toggleHeat' | 'toggleHealthy' | 'toggleMask' | 'thresholdUp' | 'thresholdDown' | 'acceptAllRegions' | 'rejectAllRegions'
  | 'acceptImage' | 'rejectImage'
  | 'toolBrush' | 'toolEraser' | 'toggleLimit' | 'brushSmaller' | 'brushBigger' | 'undo' | 'redo' | 'fillHoles' | 'removeIslands'
  | 'exportDialog';

export interface ShortcutEntry {
  /** Canonical chords (see chordOf). */
  chords: string[];
  /** The viewer's action name or a workflow action. */
  action: string;
  label: string;
  group: ShortcutGroup;
  /** Handled by the viewer pane (true) or by the workflow handler in App. */
  viewer: boolean;
}

const CLASS_KEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export const WORKFLOW_SHORTCUTS: readonly ShortcutEntry[] = [
  { chords: ['n'], action: 'labelNormal', label: 'Label the image with the normal class (the first class)', group: 'Labels', viewer: false },
  { chords: ['a'], action: 'labelAbnormal', label: 'Label the image with the first abnormal class (the second class)', group: 'Labels', viewer: false },
  { chords: ['u'], action: 'labelUncertain', label: 'Label the image uncertain (training ignores it)', group: 'Labels', viewer: false },
  ...CLASS_KEYS.map((k): ShortcutEntry => ({
    chords: [`Shift+Digit${k}`], action: `labelClass${k}`, label: `Label with class ${k} of the workspace's list`, group: 'Labels', viewer: false,
  })),
  { chords: ['N'], action: 'nextUnlabelled', label: 'Next unlabelled image (Shift+N)', group: 'Worklist', viewer: false },
  { chords: ['P'], action: 'nextProposed', label: 'Next image with a proposal to review (Shift+P)', group: 'Worklist', viewer: false },
  { chords: ['m'], action: 'toggleHeat', label: 'Show or hide the disease map (heat overlay)', group: 'Review', viewer: false },
  { chords: ['g'], action: 'toggleHealthy', label: 'Toggle the healthy counterpart (image − disease map)', group: 'Review', viewer: false },
  { chords: ['o'], action: 'toggleMask', label: 'Show or hide the mask', group: 'Review', viewer: false },
  { chords: ['.'], action: 'thresholdUp', label: 'Raise the threshold one step', group: 'Review', viewer: false },
  { chords: [','], action: 'thresholdDown', label: 'Lower the threshold one step', group: 'Review', viewer: false },
  { chords: ['A'], action: 'acceptAllRegions', label: 'Accept all regions (Shift+A)', group: 'Review', viewer: false },
  { chords: ['X'], action: 'rejectAllRegions', label: 'Reject all regions (Shift+X)', group: 'Review', viewer: false },
  { chords: ['Enter'], action: 'acceptImage', label: 'Accept the mask of this image (saved)', group: 'Review', viewer: false },
  { chords: ['Shift+Delete'], action: 'rejectImage', label: 'Reject: this image has no finding to mask (saved empty)', group: 'Review', viewer: false },
  { chords: ['b'], action: 'toolBrush', label: 'Brush (drag paints; Shift-drag pans)', group: 'Editor', viewer: false },
  { chords: ['e'], action: 'toolEraser', label: 'Eraser', group: 'Editor', viewer: false },
  { chords: ['l'], action: 'toggleLimit', label: 'Intensity-limited brush on/off (paints only pixels inside the value window)', group: 'Editor', viewer: false },
  { chords: ['['], action: 'brushSmaller', label: 'Smaller brush (also Ctrl+wheel)', group: 'Editor', viewer: false },
  { chords: [']'], action: 'brushBigger', label: 'Bigger brush (also Ctrl+wheel)', group: 'Editor', viewer: false },
  { chords: ['Ctrl+z'], action: 'undo', label: 'Undo the last stroke', group: 'Editor', viewer: false },
  { chords: ['Ctrl+Shift+z', 'Ctrl+y'], action: 'redo', label: 'Redo', group: 'Editor', viewer: false },
  { chords: ['F'], action: 'fillHoles', label: 'Fill holes in the mask (Shift+F)', group: 'Editor', viewer: false },
  { chords: ['I'], action: 'removeIslands', label: 'Remove islands smaller than the set area (Shift+I)', group: 'Editor', viewer: false },
  { chords: ['E'], action: 'exportDialog', label: 'Export… (Shift+E)', group: 'App', viewer: false },
];

/** The viewer's table in the registry's shape (its 1–9 presets stay one row). */
export const VIEWER_ENTRIES: readonly ShortcutEntry[] = VIEWER_SHORTCUTS.map((s) => ({
  chords: [...s.keys], action: s.action, label: s.label, group: s.action === 'help' ? 'App' : s.action.endsWith('Image') ? 'Worklist' : 'Viewer', viewer: true,
}));

export const ALL_SHORTCUTS: readonly ShortcutEntry[] = [...VIEWER_ENTRIES, ...WORKFLOW_SHORTCUTS];

/** Mouse gestures listed in the help beside the keys. */
export const POINTER_GESTURES: readonly { gesture: string; label: string }[] = [
  { gesture: 'drag', label: 'Window/level (W/L tool) or pan (Pan tool); paints with the brush/eraser tools' },
  { gesture: 'Shift-drag / middle-drag', label: 'Pan' },
  { gesture: 'wheel', label: 'Zoom' },
  { gesture: 'Ctrl+wheel', label: 'Brush size (brush/eraser tools)' },
  { gesture: 'click a region', label: 'Accept/reject that region (review, no editing tool)' },
];

/** Chords bound more than once in `table`, with the actions that claim them. */
export function findConflicts(table: readonly ShortcutEntry[]): { chord: string; actions: string[] }[] {
  const by = new Map<string, string[]>();
  for (const e of table) for (const c of e.chords) by.set(c, [...(by.get(c) ?? []), e.action]);
  return [...by].filter(([, a]) => a.length > 1).map(([chord, actions]) => ({ chord, actions }));
}

const WORKFLOW_BY_CHORD = new Map<string, WorkflowAction>(WORKFLOW_SHORTCUTS.flatMap((e) => e.chords.map((c) => [c, e.action as WorkflowAction] as const)));

/** The workflow action bound to a key event, or undefined (viewer keys are left to the viewer pane). */
export function workflowActionForKey(e: KeyLike): WorkflowAction | undefined {
  return WORKFLOW_BY_CHORD.get(chordOf(e));
}
