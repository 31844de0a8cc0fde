/** Keyboard shortcuts of the viewer: one table, used by the key handler and by the help list. */

export type ViewerAction =
  | 'zoomIn' | 'zoomOut' | 'fit' | 'reset' | 'invert' | 'rotateCw' | 'rotateCcw' | 'flipH' | 'flipV'
  | 'toolWindow' | 'toolPan' | 'nextImage' | 'prevImage' | 'help' | 'toggleLungs'
  | `preset${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;

export interface Shortcut {
  keys: string[];
  action: ViewerAction;
  label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['+', '='], action: 'zoomIn', label: 'Zoom in (also mouse wheel)' },
  { keys: ['-'], action: 'zoomOut', label: 'Zoom out' },
  { keys: ['f'], action: 'fit', label: 'Fit to window' },
  { keys: ['0'], action: 'reset', label: 'Reset view (window, zoom, rotation, flips)' },
  { keys: ['i'], action: 'invert', label: 'Invert grey scale' },
  { keys: ['r'], action: 'rotateCw', label: 'Rotate 90° clockwise' },
  { keys: ['R'], action: 'rotateCcw', label: 'Rotate 90° anticlockwise (Shift+R)' },
  { keys: ['h'], action: 'flipH', label: 'Flip horizontally' },
  { keys: ['v'], action: 'flipV', label: 'Flip vertically' },
  { keys: ['w'], action: 'toolWindow', label: 'Drag tool: window/level' },
  { keys: ['p'], action: 'toolPan', label: 'Drag tool: pan (or drag with Shift / middle button)' },
  { keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], action: 'preset1', label: 'Window preset 1–9' },
  { keys: ['ArrowDown', 'j'], action: 'nextImage', label: 'Next image in the list' },
  { keys: ['ArrowUp', 'k'], action: 'prevImage', label: 'Previous image in the list' },
  { keys: ['L'], action: 'toggleLungs', label: 'Show or hide the lung-field outline (Shift+L; the lung model)' },
  { keys: ['?'], action: 'help', label: 'Show or hide this help' },
];

/** The action for a key event, or undefined (modifier chords other than Shift are left to the app). */
export function actionForKey(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): ViewerAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (/^[1-9]$/.test(e.key)) return `preset${Number(e.key) as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;
  return SHORTCUTS.find((s) => s.action !== 'preset1' && s.keys.includes(e.key))?.action;
}
