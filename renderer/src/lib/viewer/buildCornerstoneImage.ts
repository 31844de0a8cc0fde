/**
 * Turns what `image.open` returned into a cornerstone-core Image: stored values with their min/max,
 * rescale (slope/intercept), the initial window (the protocol's display-window rule), MONOCHROME1 as
 * `invert`, spacing, and for colour RGBA bytes. The engine's answer rides along as `taggan` for readouts.
 */
import { displayWindowRule } from '../../../../engine/protocol/displayWindow';
import type { OpenedImage } from '../../../../engine/protocol/image';
import { robustRange } from '../../../../engine/protocol/robustRange';
import { rgbToRgba } from './rgbToRgba';

/**
 * The fields of a cornerstone-core 2.x Image that its renderer reads (see cornerstone-core.d.ts, which types
 * the library; this plain interface keeps the builder checkable without the ambient declaration).
 */
export interface CornerstoneImage {
  imageId: string;
  minPixelValue: number;
  maxPixelValue: number;
  slope: number;
  intercept: number;
  windowCenter: number;
  windowWidth: number;
  getPixelData(): Uint8Array | Uint16Array | Int16Array | Int32Array;
  rows: number;
  columns: number;
  height: number;
  width: number;
  color: boolean;
  rgba?: boolean;
  invert: boolean;
  columnPixelSpacing?: number;
  rowPixelSpacing?: number;
  sizeInBytes: number;
  voiLUT?: { firstValueMapped: number; numBitsPerEntry: number; lut: ArrayLike<number> };
}

export interface TagganImage extends CornerstoneImage {
  taggan: OpenedImage;
}

/**
 * Initial window in modality units, by the protocol's display-window rule (the model's input follows it too):
 * the file's first window; else, with a VOI LUT (which cornerstone then applies), min..max; a PNG/JPEG over its
 * bit depth's full range; a DICOM without VOI over the robust range (0.5% .. 99.5% of the modality values).
 */
export function initialWindow(img: OpenedImage): { center: number; width: number } {
  if (img.kind === 'rgb') return { center: 127.5, width: 256 };
  const rule = displayWindowRule({ format: img.format, windows: img.windows.length, voiLut: Boolean(img.voiLut), bits: img.bitsStored });
  if (rule.kind === 'window') {
    const w = img.windows[rule.index]!;
    return { center: w.center, width: w.width };
  }
  const span = (lo: number, hi: number) => ({ center: (lo + hi) / 2, width: Math.max(1, hi - lo) });
  if (rule.kind === 'bit-depth') return span(rule.min, rule.max);
  // Quantiles of the stored values map to the modality's through the (monotone) rescale.
  const r = rule.kind === 'robust-range' ? robustRange(img.pixels, rule.quantiles[0], rule.quantiles[1]) : { min: img.minStored, max: img.maxStored };
  const a = r.min * img.rescale.slope + img.rescale.intercept;
  const b = r.max * img.rescale.slope + img.rescale.intercept;
  return span(Math.min(a, b), Math.max(a, b));
}

export function buildCornerstoneImage(imageId: string, img: OpenedImage): TagganImage {
  const n = img.rows * img.columns;
  if (!(n > 0)) throw new Error(`${img.fileName}: empty image ${img.columns}x${img.rows}`);
  const spacing = img.spacing ? { rowPixelSpacing: img.spacing.row, columnPixelSpacing: img.spacing.column } : {};
  const base = { imageId, rows: img.rows, columns: img.columns, height: img.rows, width: img.columns, ...spacing, taggan: img };
  if (img.kind === 'rgb') {
    if (img.pixels.length !== n * 3) throw new Error(`${img.fileName}: ${img.pixels.length} colour bytes for ${img.columns}x${img.rows}`);
    const rgba = rgbToRgba(img.pixels);
    return {
      ...base, color: true, rgba: true, invert: false, minPixelValue: 0, maxPixelValue: 255, slope: 1, intercept: 0,
      windowCenter: 127.5, windowWidth: 256, getPixelData: () => rgba, sizeInBytes: rgba.byteLength,
    };
  }
  if (img.pixels.length !== n) throw new Error(`${img.fileName}: ${img.pixels.length} values for ${img.columns}x${img.rows}`);
  const w = initialWindow(img);
  const pixels = img.pixels;
  const image: TagganImage = {
    ...base, color: false, invert: img.invert, minPixelValue: img.minStored, maxPixelValue: img.maxStored,
    slope: img.rescale.slope, intercept: img.rescale.intercept, windowCenter: w.center, windowWidth: w.width,
    getPixelData: () => pixels, sizeInBytes: pixels.byteLength,
  };
  if (img.windows.length === 0 && img.voiLut) {
    image.voiLUT = { firstValueMapped: img.voiLut.firstMapped, numBitsPerEntry: img.voiLut.bitsPerEntry, lut: img.voiLut.data };
  }
  return image;
}
