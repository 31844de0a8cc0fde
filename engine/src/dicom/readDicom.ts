/**
 * Parses DICOM bytes (Part 10 with preamble + "DICM", or a bare data set without preamble where it is
 * recognisable) into a dicom-parser DataSet, turning every parser failure into a typed EngineError.
 */
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { EngineError } from '../errors';
import { getString } from './attrs';
import { formatBytes, MAX_INFLATED_BYTES } from '../util/limits';

/** A parsed DICOM file: the data set (meta header merged in) and where it came from. */
export interface DicomDataset {
  dataSet: DataSet;
  /** Transfer Syntax UID from (0002,0010), or the one assumed for a file without meta header. */
  transferSyntaxUid: string;
  /** File name used in error messages. */
  fileName: string;
  /** False for a bare data set without the 128-byte preamble and "DICM". */
  part10: boolean;
}

export interface ReadDicomOptions {
  /** Stop parsing before this tag (dicom-parser form, e.g. "x7fe00010") to read headers only. */
  untilTag?: string;
}


const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const VRS = new Set('AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));

function hasDicmMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * Recognises a bare little-endian data set: it starts with a group 0x0002 or 0x0008 element
 * (where every image's first attributes live). Returns the transfer syntax to assume, or undefined.
 */
export function sniffBareDataset(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  const group = bytes[0]! | (bytes[1]! << 8);
  const element = bytes[2]! | (bytes[3]! << 8);
  if ((group !== 0x0002 && group !== 0x0008) || element > 0x2000) return undefined;
  const vr = String.fromCharCode(bytes[4]!, bytes[5]!);
  if (VRS.has(vr)) return EXPLICIT_LE;
  // Implicit VR: a 32-bit length that fits in the file.
  const len = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16)) + bytes[7]! * 0x1000000;
  return len <= bytes.length - 8 ? IMPLICIT_LE : undefined;
}

function inflater(fileName: string) {
  return (byteArray: Uint8Array, position: number): Uint8Array => {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(byteArray.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|too large/i.test(msg)) {
        throw new EngineError(
          'UNSUPPORTED_IMAGE',
          `the deflated data set inflates to more than ${formatBytes(MAX_INFLATED_BYTES)} (the limit); refused as a likely decompression bomb`,
          fileName,
        );
      }
      const truncated = /unexpected end/i.test(msg);
      throw new EngineError(truncated ? 'TRUNCATED' : 'CORRUPT', `deflated data set cannot be inflated (${msg})`, fileName);
    }
    // dicom-parser re-parses the returned buffer from offset 0, meta header included; a zero
    // preamble is what makes that harmless, so the (unused) preamble is zeroed here.
    const full = Buffer.alloc(position + inflated.length);
    full.set(byteArray.subarray(0, position), 0);
    full.fill(0, 0, Math.min(128, position));
    full.set(inflated, position);
    return full;
  };
}

/** Maps a dicom-parser failure (often a bare string, or {exception, dataSet}) to a typed error. */
function parserError(err: unknown, fileName: string): EngineError {
  if (err instanceof EngineError) return err;
  const inner = err && typeof err === 'object' && 'exception' in err ? (err as { exception: unknown }).exception : err;
  if (inner instanceof EngineError) return inner;
  const msg = inner instanceof Error ? inner.message : String(inner);
  if (/past end|overread|overrun|cannot be greater than or equal|ended before|end of buffer/i.test(msg)) {
    return new EngineError('TRUNCATED', `the file ends before its data set does (${msg})`, fileName);
  }
  return new EngineError('CORRUPT', `the data set cannot be parsed (${msg})`, fileName);
}

/**
 * Parses DICOM bytes. Throws EngineError NOT_DICOM (neither Part 10 nor a recognisable bare data set),
 * TRUNCATED (the file ends inside an element) or CORRUPT (anything else the parser rejects).
 */
export function readDicom(bytes: Uint8Array, fileName: string, opts: ReadDicomOptions = {}): DicomDataset {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readDicom: bytes must be a Uint8Array');
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const part10 = hasDicmMagic(buf);
  let assumed: string | undefined;
  if (!part10) {
    assumed = sniffBareDataset(buf);
    if (assumed === undefined) {
      if (buf.length === 0) throw new EngineError('NOT_DICOM', 'the file is empty', fileName);
      if (buf.length < 132 && buf.length > 128 && 'DICM'.startsWith(buf.subarray(128).toString('latin1'))) {
        throw new EngineError('TRUNCATED', `the file ends after ${buf.length} bytes, inside the DICOM preamble`, fileName);
      }
      throw new EngineError('NOT_DICOM', 'not a DICOM file (no "DICM" at byte 128 and no recognisable data set at the start)', fileName);
    }
  }
  let dataSet: DataSet;
  try {
    const options: Record<string, unknown> = { inflater: inflater(fileName) };
    if (opts.untilTag) options.untilTag = opts.untilTag;
    if (assumed) options.TransferSyntaxUID = assumed;
    dataSet = dicomParser.parseDicom(buf, options as dicomParser.ParseDicomOptions);
  } catch (e) {
    if (e instanceof Error && /missing required meta header attribute 0002,0010/.test(e.message)) {
      throw new EngineError('CORRUPT', 'the meta header has no Transfer Syntax UID (0002,0010)', fileName);
    }
    throw parserError(e, fileName);
  }
  let ts = assumed;
  if (part10) {
    ts = getString(dataSet, 'x00020010');
    if (!ts) throw new EngineError('CORRUPT', 'the meta header has no readable Transfer Syntax UID (0002,0010)', fileName);
  }
  return { dataSet, transferSyntaxUid: ts!.replace(/\0/g, '').trim(), fileName, part10 };
}
