/**
 * A grayscale image as the model and the mask tools see it.
 * `data` is row-major, length width*height, values in [0, 1], oriented for display:
 * bright = dense (bone), i.e. MONOCHROME1 has already been inverted and the VOI applied.
 */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

export function assertGrayImage(img: GrayImage, what = 'image'): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width <= 0 || img.height <= 0) {
    throw new RangeError(`${what}: bad size ${img.width}x${img.height}`);
  }
  if (img.data.length !== img.width * img.height) {
    throw new RangeError(`${what}: data length ${img.data.length} != ${img.width}x${img.height}`);
  }
}
