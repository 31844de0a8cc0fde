/** File-path entry points: read a DICOM file from disk and parse/describe/decode it. */
import { readFile } from 'node:fs/promises';
import type { DecodedDicom, DicomInfo } from '../../protocol/dicom';
import { EngineError } from '../errors';
import type { DecodeDicomOptions } from './decodeDicom';
import { decodeDicom } from './decodeDicom';
import { readDicom } from './readDicom';
import type { DicomHeader } from './readDicomHeader';
import { headerOf } from './readDicomHeader';
import { readDicomInfo } from './readDicomInfo';

/** Reads a whole file; ENOENT -> NOT_FOUND, other OS errors -> IO, a directory -> BAD_REQUEST. */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new EngineError('NOT_FOUND', 'no such file', path);
    if (code === 'EISDIR') throw new EngineError('BAD_REQUEST', 'is a directory, not a file', path);
    throw new EngineError('IO', `cannot read the file (${(e as Error).message})`, path);
  }
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
