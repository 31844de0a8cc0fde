/**
 * What the viewer gets from the engine for one image (method `image.open`). Pure types: imports nothing
 * from Node, DOM or Electron; imported type-only by the engine and the renderer.
 */
import type { DicomInfo, PixelSpacing, Rescale, VoiLut, VoiWindow } from './dicom';

/** Source file format, found by content sniffing (never by the file name). */
export type ImageFileFormat = 'dicom' | 'png' | 'jpeg';

/**
 * Grayscale stored values in the smallest typed array that holds every value of the frame exactly
 * (Uint8 if 0..255, Uint16 if 0..65535, Int16 if -32768..32767, else Int32).
 */
export type GrayPixels = Uint8Array | Uint16Array | Int16Array | Int32Array;

interface OpenedImageBase {
  /** Absolute, normalised path of the file. */
  path: string;
  /** Base name of the file. */
  fileName: string;
  format: ImageFileFormat;
  /** File size in bytes. */
  fileSize: number;
  /** The frame returned (0-based) and how many the file has. */
  frame: number;
  frames: number;
  rows: number;
  columns: number;
  /** Modality (0008,0060) for DICOM; undefined for PNG/JPEG. */
  modality?: string;
  /** Physical pixel size, when the file gives one (DICOM only). */
  spacing?: PixelSpacing;
  /** Patient-free DICOM description (DICOM only; palette LUT data omitted). */
  dicom?: Omit<DicomInfo, 'palette' | 'voiLuts'>;
  /** Engine-side time to read and decode the file, milliseconds. */
  decodeMs: number;
}

/** A grayscale frame: stored values; display = VOI(rescale(stored)), inverted when `invert`. */
export interface OpenedGrayImage extends OpenedImageBase {
  kind: 'gray';
  /** rows*columns stored values, row-major. */
  pixels: GrayPixels;
  /** Smallest and largest stored value in `pixels`. */
  minStored: number;
  maxStored: number;
  /** Bits Stored (DICOM) or the PNG/JPEG bit depth. */
  bitsStored: number;
  /** Modality LUT as a linear rescale (identity for PNG/JPEG). */
  rescale: Rescale;
  /** The file's own VOI windows, in modality units (may be empty). */
  windows: VoiWindow[];
  /** The first VOI LUT of the file, when it has one (applied to modality values). */
  voiLut?: VoiLut;
  /** True for MONOCHROME1: low values are bright, so the display must invert. */
  invert: boolean;
}

/** A colour frame: RGB interleaved, 8 bits per sample (YBR converted, palette expanded, >8-bit samples scaled). */
export interface OpenedColorImage extends OpenedImageBase {
  kind: 'rgb';
  /** rows*columns*3 bytes, R G B per pixel, row-major. */
  pixels: Uint8Array;
  /** How the colour was made: as stored, from a palette, or from YBR. */
  colorSource: 'rgb' | 'palette' | 'ybr';
}

export type OpenedImage = OpenedGrayImage | OpenedColorImage;
