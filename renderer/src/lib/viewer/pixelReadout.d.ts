/**
 * The value under the mouse: image pixel (column x, row y, from cornerstone's pageToPixel, fractional),
 * stored and modality values for grayscale, R G B for colour, and the position in mm when spacing is known.
 * Null outside the image.
 */
import type { OpenedImage } from '../../../../engine/protocol/image';
export type Readout = {
    x: number;
    y: number;
    kind: 'gray';
    stored: number;
    modality: number;
    unit?: string;
    mm?: {
        x: number;
        y: number;
    };
} | {
    x: number;
    y: number;
    kind: 'rgb';
    rgb: [number, number, number];
    mm?: {
        x: number;
        y: number;
    };
};
export declare function pixelReadout(img: OpenedImage, px: number, py: number): Readout | null;
