/** File-path entry points: read a DICOM file from disk and parse/describe/decode it. */
import type { DecodedDicom, DicomInfo } from '../../protocol/dicom';
import { readInputFile } from '../util/readInputFile';
import type { DecodeDicomOptions } from './decodeDicom';
import { decodeDicom } from './decodeDicom';
import { readDicom } from './readDicom';
import type { DicomHeader } from './readDicomHeader';
import { headerOf } from './readDicomHeader';
import { readDicomInfo } from './readDicomInfo';

/**
 * Reads a whole file; ENOENT -> NOT_FOUND, symlink loop and other OS errors -> IO, a folder, FIFO or device
 * -> BAD_REQUEST (refused by type, never read), over MAX_FILE_BYTES -> UNSUPPORTED_IMAGE.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  return readInputFile(path);
}

/** Decodes the DICOM file at `path` (all frames unless opts.frames). Errors name the path. */
export async function readDicomFile(path: string, opts: DecodeDicomOptions = {}): Promise<DecodedDicom> {
  return decodeDicom(await readFileBytes(path), path, opts);
}

/** The patient-free description of the DICOM image at `path` (no pixel decoding). */
export async function readDicomInfoFile(path: string): Promise<DicomInfo> {
  return readDicomInfo(readDicom(await readFileBytes(path), path));
}

/** The raw header attributes of the DICOM file at `path` (for exporters). */
export async function readDicomHeaderFile(path: string): Promise<DicomHeader> {
  return headerOf(readDicom(await readFileBytes(path), path, { untilTag: 'x7fe00010' }));
}
