/**
 * Finds an image file's format from its first bytes (never from its name): DICOM Part 10 ("DICM" at 128),
 * a bare DICOM data set (group 0002/0008 first element), PNG or JPEG signatures.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { ImageFileFormat } from '../../protocol/image';
import { sniffBareDataset } from '../dicom/readDicom';

/**
 * File name endings that data-set folders (training, lung pairs) list as images before their content is read
 * (no ending: DICOM files often have none). What a listed file is, is then decided by sniffFormat.
 */
export const IMAGE_FILE_ENDINGS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.dcm', '.dicom', '']);

/** Bytes needed by sniffFormat. */
export const SNIFF_BYTES = 132;

export function sniffFormat(head: Uint8Array): ImageFileFormat | undefined {
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return 'dicom';
  if (head.length >= 8 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47 && head[4] === 0x0d && head[5] === 0x0a) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (sniffBareDataset(head) !== undefined) return 'dicom';
  return undefined;
}

/** Sniffs a regular file; undefined when it cannot be read or is none of ours (never throws). */
export function sniffFile(path: string): ImageFileFormat | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)); // a FIFO never blocks the sniff
    const head = new Uint8Array(SNIFF_BYTES);
    const n = readSync(fd, head, 0, SNIFF_BYTES, 0);
    return sniffFormat(head.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
