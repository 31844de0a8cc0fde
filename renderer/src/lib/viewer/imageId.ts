/**
 * Image ids of the viewer's cornerstone image loader: `taggan:<percent-encoded absolute path>?frame=<n>`.
 * The engine behind the loader decodes the file; the id carries nothing else.
 */
export const TAGGAN_SCHEME = 'taggan';

export interface ImageRef {
  path: string;
  /** 0-based frame. */
  frame: number;
}

export function toImageId(ref: ImageRef): string {
  if (!ref.path) throw new Error('toImageId: empty path');
  if (!Number.isInteger(ref.frame) || ref.frame < 0) throw new Error(`toImageId: bad frame ${ref.frame}`);
  return `${TAGGAN_SCHEME}:${encodeURIComponent(ref.path)}?frame=${ref.frame}`;
}

export function parseImageId(imageId: string): ImageRef {
  const m = /^taggan:([^?]+)\?frame=(\d+)$/.exec(imageId);
  if (!m) throw new Error(`not a taggan image id: ${imageId}`);
  return { path: decodeURIComponent(m[1]!), frame: Number(m[2]) };
}
