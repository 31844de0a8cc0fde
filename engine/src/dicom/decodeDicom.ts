/**
 * Decodes the pixel data of a DICOM file to int32 samples per frame:
 * grayscale = stored values (signed per Pixel Representation, masked to Bits Stored; no rescale, no VOI),
 * colour = RGB pixel-interleaved (YBR converted), palette = the indices.
 */
import type { DecodedDicom, DicomInfo } from '../../protocol/dicom';
import { EngineError } from '../errors';
import { expandYbr422 } from './color/expandYbr422';
import { planarToInterleaved } from './color/planarToInterleaved';
import { ybrToRgb } from './color/ybrToRgb';
import { decodeEncodedFrame } from './decodeEncodedFrame';
import type { NativeLayout } from './decodeNative';
import { decodeNative, nativeFrameBytes } from './decodeNative';
import { encapsulatedFrames } from './encapsulatedFrames';
import type { DicomDataset } from './readDicom';
import { readDicom } from './readDicom';
import { readDicomInfo } from './readDicomInfo';
import { toStoredValues } from './storedValues';
import type { TransferSyntaxSpec } from './transferSyntax';
import { transferSyntaxSpec } from './transferSyntax';

export interface DecodeDicomOptions {
  /** Decode only these frames (0-based); default all, in order. */
  frames?: number[];
}

/** Resolves the transfer syntax or throws UNSUPPORTED_TRANSFER_SYNTAX naming its UID and name. */
export function requireTransferSyntax(info: DicomInfo, file: string): TransferSyntaxSpec {
  const spec = transferSyntaxSpec(info.transferSyntaxUid);
  if (!spec) {
    throw new EngineError(
      'UNSUPPORTED_TRANSFER_SYNTAX',
      `transfer syntax ${info.transferSyntaxUid} (${info.transferSyntaxName}) is not supported`,
      file,
    );
  }
  return spec;
}

function checkFrameList(frames: number[] | undefined, n: number, file: string): number[] {
  if (frames === undefined) return Array.from({ length: n }, (_, i) => i);
  for (const f of frames) {
    if (!Number.isInteger(f) || f < 0 || f >= n) {
      throw new EngineError('BAD_REQUEST', `frame ${f} does not exist (the file has ${n} frame${n === 1 ? '' : 's'}, 0-based)`, file);
    }
  }
  return frames;
}

/** Native (uncompressed) frames: the Pixel Data element bytes, checked for length. */
function nativeFrames(d: DicomDataset, info: DicomInfo, spec: TransferSyntaxSpec, list: number[]): Int32Array[] {
  const { dataSet: ds, fileName: file } = d;
  const el = ds.elements.x7fe00010!;
  if (el.encapsulatedPixelData) {
    throw new EngineError('CORRUPT', `Pixel Data is encapsulated but transfer syntax ${spec.uid} (${spec.name}) is uncompressed`, file);
  }
  const ybr422 = info.photometric === 'YBR_FULL_422';
  const layout: NativeLayout = {
    rows: info.rows,
    columns: info.columns,
    samplesPerPixel: ybr422 ? 2 : info.samplesPerPixel,
    bitsAllocated: info.bitsAllocated,
    bigEndian: spec.encoding === 'native-big-endian',
  };
  const need =
    info.bitsAllocated === 1
      ? Math.ceil((info.rows * info.columns * info.frames) / 8)
      : nativeFrameBytes(layout) * info.frames;
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  if (available < need) {
    const truncated = el.dataOffset + el.length > ds.byteArray.length;
    throw new EngineError(
      truncated ? 'TRUNCATED' : 'CORRUPT',
      `Pixel Data holds ${available} bytes, ${info.columns}x${info.rows}x${info.samplesPerPixel} x ${info.frames} frames at ${info.bitsAllocated} bits need ${need}`,
      file,
    );
  }
  let bytes: Uint8Array = ds.byteArray.subarray(el.dataOffset, el.dataOffset + need);
  if (layout.bigEndian && info.bitsAllocated === 8 && el.vr === 'OW') {
    // 8-bit samples in big-endian OW words: swap each byte pair back into sample order.
    const swapped = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      swapped[i] = bytes[i + 1]!;
      swapped[i + 1] = bytes[i]!;
    }
    if (bytes.length % 2) swapped[bytes.length - 1] = bytes[bytes.length - 1]!;
    bytes = swapped;
  }
  return list.map((f) => {
    const cells = decodeNative(bytes, layout, f);
    if (ybr422) return expandYbr422(cells, info.rows, info.columns);
    if (info.samplesPerPixel === 3 && info.planarConfiguration === 1) return planarToInterleaved(cells, info.rows * info.columns, 3);
    return cells;
  });
}

/** Applies the stored-value rules and colour conversion to raw decoded samples. */
function finishFrame(samples: Int32Array, info: DicomInfo, spec: TransferSyntaxSpec): Int32Array {
  const cellBased = spec.encoding === 'native' || spec.encoding === 'native-big-endian' || spec.encoding === 'rle' || spec.encoding === 'encapsulated-uncompressed';
  const highBit = cellBased ? info.highBit : info.bitsStored - 1;
  const signed = info.samplesPerPixel === 1 && info.photometric !== 'PALETTE COLOR' && info.pixelRepresentation === 1;
  if (info.bitsAllocated !== 1) toStoredValues(samples, info.bitsStored, highBit, signed);
  const ybr = info.photometric === 'YBR_FULL' || info.photometric === 'YBR_FULL_422';
  const codecConverts = spec.encoding === 'jpeg-baseline' || spec.encoding === 'jpeg-extended';
  if (ybr && !codecConverts) ybrToRgb(samples, 2 ** info.bitsStored - 1);
  return samples;
}

/** Decodes already-parsed DICOM. See decodeDicom. */
export async function decodeDicomDataset(d: DicomDataset, opts: DecodeDicomOptions = {}): Promise<DecodedDicom> {
  const file = d.fileName;
  const info = readDicomInfo(d);
  const spec = requireTransferSyntax(info, file);
  const list = checkFrameList(opts.frames, info.frames, file);
  let raw: Int32Array[];
  if (spec.encoding === 'native' || spec.encoding === 'native-big-endian') {
    raw = nativeFrames(d, info, spec, list);
  } else {
    const el = d.dataSet.elements.x7fe00010!;
    if (!el.encapsulatedPixelData) {
      throw new EngineError('CORRUPT', `transfer syntax ${spec.uid} (${spec.name}) needs encapsulated Pixel Data, but it has a defined length`, file);
    }
    const encoded = encapsulatedFrames(d.dataSet.byteArray, el, info.frames, file);
    raw = [];
    for (const f of list) {
      if (spec.encoding === 'encapsulated-uncompressed') {
        const layout: NativeLayout = { rows: info.rows, columns: info.columns, samplesPerPixel: info.samplesPerPixel, bitsAllocated: info.bitsAllocated, bigEndian: false };
        try {
          raw.push(decodeNative(encoded[f]!, layout, 0));
        } catch (e) {
          throw new EngineError('CORRUPT', `frame ${f + 1}: ${(e as Error).message}`, file);
        }
        continue;
      }
      const out = await decodeEncodedFrame(encoded[f]!, info, spec, f, file);
      raw.push(out.planar ? planarToInterleaved(out.samples, out.width * out.height, out.components) : out.samples);
    }
  }
  const frames = raw.map((s) => finishFrame(s, info, spec));
  return { info, outputSamples: info.samplesPerPixel === 3 ? 3 : 1, frames };
}

/**
 * Parses and decodes DICOM bytes. Typed errors (EngineError) name `fileName`: NOT_DICOM, NO_PIXEL_DATA,
 * UNSUPPORTED_TRANSFER_SYNTAX, UNSUPPORTED_IMAGE, TRUNCATED, CORRUPT, BAD_REQUEST (bad frame index).
 */
export async function decodeDicom(bytes: Uint8Array, fileName: string, opts: DecodeDicomOptions = {}): Promise<DecodedDicom> {
  return decodeDicomDataset(readDicom(bytes, fileName), opts);
}
