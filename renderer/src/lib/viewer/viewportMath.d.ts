/** Pure viewport arithmetic for the viewer tools (no DOM, no cornerstone). */
export declare const MIN_SCALE = 0.02;
export declare const MAX_SCALE = 64;
/** Zoom by `factor` (>1 in), clamped to [MIN_SCALE, MAX_SCALE]. */
export declare function zoomScale(scale: number, factor: number): number;
/** Wheel delta (pixels, positive = scroll down) to a zoom factor: down zooms out, 10 % per 100 px. */
export declare function wheelFactor(deltaY: number): number;
/** Rotation after a quarter turn clockwise (dir 1) or anticlockwise (dir -1), in 0/90/180/270. */
export declare function quarterTurn(rotation: number, dir: 1 | -1): number;
/**
 * Window/level by mouse drag: dx widens (right) or narrows (left) the window, dy moves the centre
 * (down = higher centre, image darker), `unitsPerPixel` modality units per screen pixel. Width stays >= 1.
 */
export declare function dragWindow(voi: {
    windowWidth: number;
    windowCenter: number;
}, dx: number, dy: number, unitsPerPixel: number): {
    windowWidth: number;
    windowCenter: number;
};
/** Drag sensitivity: the whole value range over about 500 screen pixels, never below 0.1 per pixel. */
export declare function windowSensitivity(minModality: number, maxModality: number): number;
