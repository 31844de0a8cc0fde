/** Keyboard shortcuts of the viewer: one table, used by the key handler and by the help list. */
export type ViewerAction = 'zoomIn' | 'zoomOut' | 'fit' | 'reset' | 'invert' | 'rotateCw' | 'rotateCcw' | 'flipH' | 'flipV' | 'toolWindow' | 'toolPan' | 'nextImage' | 'prevImage' | 'help' | `preset${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;
export interface Shortcut {
    keys: string[];
    action: ViewerAction;
    label: string;
}
export declare const SHORTCUTS: readonly Shortcut[];
/** The action for a key event, or undefined (modifier chords other than Shift are left to the app). */
export declare function actionForKey(e: {
    key: string;
    ctrlKey?: boolean;
    metaKey?: boolean;
    altKey?: boolean;
}): ViewerAction | undefined;
