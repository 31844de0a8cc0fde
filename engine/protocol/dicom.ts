/**
 * DICOM image description shared by the engine and the renderer (import type-only).
 * Everything here is patient-free: no names, IDs, dates or UIDs that identify a person or study.
 * Identifying header attributes live in the engine's `readDicomHeader` result, never in `DicomInfo`.
 */

/** Photometric Interpretation values the decoder understands (others are refused as UNSUPPORTED_IMAGE). */
export type Photometric =
  | 'MONOCHROME1'
  | 'MONOCHROME2'
  | 'RGB'
  | 'YBR_FULL'
  | 'YBR_FULL_422'
  | 'YBR_RCT'
  | 'YBR_ICT'
  | 'PALETTE COLOR';

/** One VOI window preset (Window Center/Width, PS3.3 C.11.2.1.2). Units: modality values (after rescale). */
export interface VoiWindow {
  center: number;
  width: number;
  /** Window Center & Width Explanation (0028,1055) for this preset, when the file gives one. */
  explanation?: string;
}

/** A VOI LUT from the VOI LUT Sequence (0028,3010): output = data[clamp(value - firstMapped, 0, n-1)]. */
export interface VoiLut {
  /** First input value mapped (modality units). */
  firstMapped: number;
  /** Bits per LUT entry (LUT Descriptor third value), e.g. 8..16. */
  bitsPerEntry: number;
  /** LUT Explanation (0028,3003), when present. */
  explanation?: string;
  data: Uint16Array;
}

/** Modality LUT as a linear rescale: modality value = stored * slope + intercept. */
export interface Rescale {
  slope: number;
  intercept: number;
  /** Rescale Type (0028,1054), e.g. "HU", when present. */
  type?: string;
}

/** Physical pixel size in millimetres and the attribute it came from. */
export interface PixelSpacing {
  /** Row spacing (distance between rows, i.e. vertical), mm. */
  row: number;
  /** Column spacing (distance between columns, i.e. horizontal), mm. */
  column: number;
  /** Which attribute gave the values. */
  tag: 'PixelSpacing' | 'ImagerPixelSpacing' | 'NominalScannedPixelSpacing';
}

/** Palette Color LUTs (PS3.3 C.7.6.3.1.5), each expanded to one 16-bit entry per index. */
export interface PaletteLut {
  /** First stored value mapped. */
  firstMapped: number;
  /** Bits per entry in the file (8 or 16); `red/green/blue` keep the file's scale. */
  bitsPerEntry: number;
  red: Uint16Array;
  green: Uint16Array;
  blue: Uint16Array;
}

/** Everything `taggan info --json` prints. Patient-free. */
export interface DicomInfo {
  /** File name (basename) the info was read from. */
  fileName: string;
  modality?: string;
  sopClassUid?: string;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 = unsigned, 1 = two's complement. */
  pixelRepresentation: 0 | 1;
  photometric: Photometric;
  /** 0 = interleaved (R1G1B1R2...), 1 = planar; only meaningful when samplesPerPixel > 1. */
  planarConfiguration: 0 | 1;
  transferSyntaxUid: string;
  transferSyntaxName: string;
  /** True when the transfer syntax is lossy or the file says Lossy Image Compression = "01". */
  lossy: boolean;
  spacing?: PixelSpacing;
  rescale: Rescale;
  /** Every VOI window preset, in file order (may be empty). */
  windows: VoiWindow[];
  /** VOI LUT Sequence entries, described (data omitted in JSON by the CLI, kept here). */
  voiLuts: VoiLut[];
  /** VOI LUT Function (0028,1056): LINEAR (default), LINEAR_EXACT or SIGMOID. */
  voiLutFunction: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
  /** Palette colour LUTs when photometric is PALETTE COLOR. */
  palette?: PaletteLut;
  /** View Position (0018,5101), e.g. PA/AP/LL, when present. */
  viewPosition?: string;
  bodyPartExamined?: string;
  /** Presentation Intent Type (0008,0068) for DX: FOR PRESENTATION / FOR PROCESSING. */
  presentationIntent?: string;
}

/**
 * Decoded samples of one frame, as int32 in row-major order:
 * grayscale = stored values (signed per Pixel Representation, masked to Bits Stored, no rescale, no VOI);
 * colour = RGB interleaved (YBR converted); palette = the indices.
 */
export type DecodedFrame = Int32Array;

/** Result of decoding a whole file. `outputSamples` is 3 for colour (RGB), 1 for grayscale and palette. */
export interface DecodedDicom {
  info: DicomInfo;
  outputSamples: 1 | 3;
  frames: DecodedFrame[];
}

/** Transfer syntax UID -> human name, used in messages and in `info`. */
export const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.98': 'Encapsulated Uncompressed Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.52': 'JPEG Extended (Process 3 & 5) (retired)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)',
  '1.2.840.10008.1.2.4.54': 'JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (retired)',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)',
  '1.2.840.10008.1.2.4.56': 'JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (retired)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.58': 'JPEG Lossless, Non-Hierarchical (Process 15) (retired)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** The human name of a transfer syntax UID, or "unknown transfer syntax". */
export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAX_NAMES[uid] ?? 'unknown transfer syntax';
}
