/** Expands 8-bit RGB (3 bytes per pixel) to RGBA with alpha 255, as cornerstone's colour renderer reads it. */
export declare function rgbToRgba(rgb: Uint8Array): Uint8Array;
