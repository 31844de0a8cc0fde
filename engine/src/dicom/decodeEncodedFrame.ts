/**
 * Decodes one encoded (encapsulated) frame with the codec its transfer syntax needs, after checking
 * the codestream header against the DICOM geometry. Codec failures become typed errors naming the file.
 */
import type { DicomInfo } from '../../protocol/dicom';
import { EngineError } from '../errors';
import type { CodecOutput } from './codecs/codecOutput';
import type { CodestreamGeometry } from './codecs/codestreamGeometry';
import { j2kGeometry, jpegGeometry } from './codecs/codestreamGeometry';
import { decodeHtj2k } from './codecs/decodeHtj2k';
import { decodeJpeg2000 } from './codecs/decodeJpeg2000';
import { decodeJpeg12 } from './codecs/decodeJpeg12';
import { decodeJpegBaseline } from './codecs/decodeJpegBaseline';
import { decodeJpegLossless } from './codecs/decodeJpegLossless';
import { decodeJpegLs } from './codecs/decodeJpegLs';
import { decodeRle } from './decodeRle';
import type { TransferSyntaxSpec } from './transferSyntax';

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  // An Emscripten C++ exception arrives as a bare number (a pointer into the codec's heap): say what it means.
  if (typeof e === 'number') return `the codec aborted on a damaged or inconsistent codestream (C++ exception at ${e})`;
  return String(e);
}

function checkGeometry(g: CodestreamGeometry | undefined, info: DicomInfo, what: string, frame: number, file: string): CodestreamGeometry {
  if (!g) throw new EngineError('CORRUPT', `frame ${frame + 1} does not start with a readable ${what} header`, file);
  if (g.width !== info.columns || (g.height !== 0 && g.height !== info.rows)) {
    throw new EngineError(
      'CORRUPT',
      `frame ${frame + 1}: the ${what} codestream is ${g.width}x${g.height}, the DICOM header says ${info.columns}x${info.rows}`,
      file,
    );
  }
  if (g.components !== info.samplesPerPixel) {
    throw new EngineError('CORRUPT', `frame ${frame + 1}: the ${what} codestream has ${g.components} components, Samples per Pixel is ${info.samplesPerPixel}`, file);
  }
  if (g.precision < 1 || g.precision > 16) throw new EngineError('CORRUPT', `frame ${frame + 1}: ${what} sample precision ${g.precision}`, file);
  return g;
}

/** Decodes `encoded` (frame index `frame`) to raw samples, interleaved colour. */
export async function decodeEncodedFrame(encoded: Uint8Array, info: DicomInfo, ts: TransferSyntaxSpec, frame: number, file: string): Promise<CodecOutput> {
  const tsLabel = `${ts.uid} (${ts.name})`;
  let codec = '';
  let run: () => CodecOutput | Promise<CodecOutput>;
  switch (ts.encoding) {
    case 'rle':
      codec = 'RLE';
      run = () => ({
        samples: decodeRle(encoded, info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated),
        width: info.columns,
        height: info.rows,
        components: info.samplesPerPixel,
        planar: false,
      });
      break;
    case 'jpeg-baseline':
    case 'jpeg-extended': {
      const g = checkGeometry(jpegGeometry(encoded), info, 'JPEG', frame, file);
      if (g.marker === 0xc3 || g.marker === 0xc7 || g.marker === 0xf7) {
        throw new EngineError('CORRUPT', `frame ${frame + 1}: a lossless JPEG codestream (SOF${(g.marker & 15).toString(16)}) under transfer syntax ${tsLabel}`, file);
      }
      if (g.marker >= 0xc9) throw new EngineError('UNSUPPORTED_TRANSFER_SYNTAX', `transfer syntax ${tsLabel}: arithmetic-coded JPEG is not supported`, file);
      if (g.precision !== 8 && g.precision !== 12) {
        throw new EngineError('CORRUPT', `frame ${frame + 1}: a DCT JPEG codestream with ${g.precision}-bit samples (8 or 12 are valid)`, file);
      }
      if (g.precision > info.bitsAllocated) {
        throw new EngineError('CORRUPT', `frame ${frame + 1}: ${g.precision}-bit JPEG samples in ${info.bitsAllocated}-bit allocated Pixel Data`, file);
      }
      if (g.precision === 12) {
        codec = 'IJG 12-bit JPEG (dcmjs-codecs)';
        const opts = { width: g.width, height: info.rows, components: g.components as 1 | 3, precision: 12, ycbcrToRgb: info.photometric.startsWith('YBR') };
        run = () => decodeJpeg12(encoded, opts);
        break;
      }
      codec = 'libjpeg-turbo';
      run = () => decodeJpegBaseline(encoded);
      break;
    }
    case 'jpeg-lossless': {
      const g = checkGeometry(jpegGeometry(encoded), info, 'JPEG', frame, file);
      if (g.marker !== 0xc3) throw new EngineError('CORRUPT', `frame ${frame + 1}: not a Process 14 lossless JPEG codestream under ${tsLabel}`, file);
      codec = 'jpeg-lossless-decoder-js';
      run = () => decodeJpegLossless(encoded, info.bitsAllocated <= 8 ? 1 : 2);
      break;
    }
    case 'jpeg-ls': {
      const g = checkGeometry(jpegGeometry(encoded), info, 'JPEG-LS', frame, file);
      if (g.marker !== 0xf7) throw new EngineError('CORRUPT', `frame ${frame + 1}: not a JPEG-LS codestream under ${tsLabel}`, file);
      codec = 'CharLS';
      run = () => decodeJpegLs(encoded);
      break;
    }
    case 'jpeg2000':
      checkGeometry(j2kGeometry(encoded), info, 'JPEG 2000', frame, file);
      codec = 'OpenJPEG';
      run = () => decodeJpeg2000(encoded);
      break;
    case 'htj2k':
      checkGeometry(j2kGeometry(encoded), info, 'HTJ2K', frame, file);
      codec = 'OpenJPH';
      run = () => decodeHtj2k(encoded);
      break;
    default:
      throw new EngineError('INTERNAL', `decodeEncodedFrame: ${ts.encoding} is not an encoded format`, file);
  }
  let out: CodecOutput;
  try {
    out = await run();
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('CORRUPT', `frame ${frame + 1} cannot be decoded by ${codec} (${describe(e)})`, file);
  }
  if (out.width !== info.columns || out.height !== info.rows || out.components !== info.samplesPerPixel) {
    throw new EngineError(
      'CORRUPT',
      `frame ${frame + 1}: ${codec} decoded ${out.width}x${out.height}x${out.components}, the DICOM header says ${info.columns}x${info.rows}x${info.samplesPerPixel}`,
      file,
    );
  }
  return out;
}
