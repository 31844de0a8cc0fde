/**
 * Lung-prior masks for training from mask files that come with the data (e.g. covid-qu's lungs/, drawn by the
 * dataset's authors): for each training image, DIR/STEM.png (any of .png/.jpg/.dcm found by stem), brought to
 * the model's size x size grid, thresholded at half, grown by the margin. A missing or unreadable mask file is
 * an error naming it: a prior that silently covers only some images would teach the model something else.
 */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { EngineError } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import { dilate } from '../../mask/dilate';
import type { DatasetEntry } from './readDataset';

const EXTS = ['.png', '.jpg', '.jpeg', '.dcm', ''];

/** Margin in pixels of a size x size grid for a margin given as a fraction of the image width. */
export function marginPixels(fraction: number, size: number): number {
  if (!(fraction >= 0 && fraction <= 0.5)) throw new RangeError(`lung margin must be a fraction of the image width in [0, 0.5], got ${fraction}`);
  return Math.round(fraction * size);
}

export async function lungMasksFromFiles(dir: string, entries: DatasetEntry[], size: number, marginFraction: number): Promise<Uint8Array[]> {
  const m = marginPixels(marginFraction, size);
  const out: Uint8Array[] = [];
  for (const e of entries) {
    const stem = basename(e.path, extname(e.path));
    const file = EXTS.map((x) => join(dir, `${stem}${x}`)).find((f) => existsSync(f));
    if (!file) throw new EngineError('NOT_FOUND', `no lung mask for training image ${e.rel} (looked for ${stem}.png/.jpg/.dcm)`, dir);
    const gray = resizeGray(await loadGrayImage(file), size, size, 'auto');
    const mask = new Uint8Array(size * size);
    for (let i = 0; i < mask.length; i++) mask[i] = gray.data[i]! >= 0.5 ? 1 : 0;
    out.push(m > 0 ? dilate(mask, size, size, 2 * m + 1) : mask);
  }
  return out;
}
