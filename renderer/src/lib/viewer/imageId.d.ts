/**
 * Image ids of the viewer's cornerstone image loader: `taggan:<percent-encoded absolute path>?frame=<n>`.
 * The engine behind the loader decodes the file; the id carries nothing else.
 */
export declare const TAGGAN_SCHEME = "taggan";
export interface ImageRef {
    path: string;
    /** 0-based frame. */
    frame: number;
}
export declare function toImageId(ref: ImageRef): string;
export declare function parseImageId(imageId: string): ImageRef;
