/**
 * Quantiles of a grayscale frame in modality units (stored * slope + intercept), from an exact histogram
 * of the integer stored values (one bin per value when the range is at most 2^20, else 2^20 equal bins).
 * Returns a function q(p) for p in [0, 1]: the smallest modality value with at least p of the pixels at or below it.
 */
import type { GrayPixels } from '../../../../engine/protocol/image';
import type { Rescale } from '../../../../engine/protocol/dicom';
export declare function modalityQuantiles(pixels: GrayPixels, minStored: number, maxStored: number, rescale: Rescale): (p: number) => number;
