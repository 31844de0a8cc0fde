/**
 * Window presets for a grayscale image, in modality units (what the viewport's VOI uses):
 * the file's own windows first, then "Full range" (min..max) and "Auto" (1st..99th percentile), then
 * - for CT / HU data: the standard HU windows Lung (C -600, W 1500), Mediastinum (40/400), Bone (300/1500);
 * - for projection radiographs and other units (CR, DX, PNG, ...): Lung and Bone from the histogram,
 *   ordered by attenuation (MONOCHROME1 stores air high, so the order flips): Lung spans the least
 *   attenuating 2..60 % of pixels, Bone the most attenuating 45..99.5 %.
 */
import type { OpenedGrayImage } from '../../../../engine/protocol/image';
export interface WindowPreset {
    id: string;
    label: string;
    center: number;
    width: number;
}
/** @param quantile q(p) of the modality values, e.g. from modalityQuantiles. */
export declare function windowPresets(img: Pick<OpenedGrayImage, 'windows' | 'modality' | 'rescale' | 'invert'>, quantile: (p: number) => number): WindowPreset[];
