/**
 * Turns what `image.open` returned into a cornerstone-core Image: stored values with their min/max,
 * rescale (slope/intercept), the initial window (the file's first, else the full range), MONOCHROME1 as
 * `invert`, spacing, and for colour RGBA bytes. The engine's answer rides along as `taggan` for readouts.
 */
import type { Image } from 'cornerstone-core';
import type { OpenedImage } from '../../../../engine/protocol/image';
export interface TagganImage extends Image {
    taggan: OpenedImage;
}
/** Initial window in modality units: the file's first window, else min..max after rescale. */
export declare function initialWindow(img: OpenedImage): {
    center: number;
    width: number;
};
export declare function buildCornerstoneImage(imageId: string, img: OpenedImage): TagganImage;
