/**
 * Reads a file the viewer was asked to open, refusing what is not a readable regular file of sane size
 * before touching its bytes (a FIFO or device would block or never end). Errors are typed and name the file.
 */
import { statSync, type Stats } from 'node:fs';
import { MAX_FILE_BYTES } from '../util/limits';
import { EngineError } from '../errors';
import { fsError, readInputFile } from '../util/readInputFile';

/** Largest file the viewer opens (bytes). */
export const MAX_IMAGE_FILE_BYTES = MAX_FILE_BYTES;

export interface ReadFileResult {
  bytes: Uint8Array;
  size: number;
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (e) {
    throw fsError(e, path, 'read');
  }
}

export function readImageFile(path: string): ReadFileResult {
  const st = statOrThrow(path);
  if (st.isDirectory()) throw new EngineError('BAD_REQUEST', 'is a folder, not an image file (open it as a folder instead)', path);
  if (!st.isFile()) throw new EngineError('BAD_REQUEST', 'is not a regular file (device, socket or pipe)', path);
  if (st.size === 0) throw new EngineError('BAD_IMAGE', 'the file is empty', path);
  if (st.size > MAX_IMAGE_FILE_BYTES) throw new EngineError('UNSUPPORTED_IMAGE', `the file is ${st.size} bytes; the viewer opens files up to ${MAX_IMAGE_FILE_BYTES}`, path);
  const buf = readInputFile(path, MAX_IMAGE_FILE_BYTES);
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), size: buf.length };
}
