import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, throwIfCancelled } from '../errors';
import { encodeMaskPng } from './encodeMaskPng';
import { generatePhantom } from './generatePhantom';
import { phantomDicom } from './phantomDicom';
import { phantomLabels } from './phantomLabels';

export interface WritePhantomSetOptions {
  out: string;
  count: number;
  seed: string | number;
  /** Square side in pixels; default: each side drawn from 192..320. */
  size?: number;
  signal?: AbortSignal;
  onImage?(done: number, total: number): void;
}

export interface PhantomSetEntry {
  stem: string;
  file: string;
  label: 'normal' | 'abnormal';
  width: number;
  height: number;
  photometric: 'MONOCHROME1' | 'MONOCHROME2';
  bitsStored: number;
  lesions: number;
  /** Pixels in the true mask. */
  maskArea: number;
}

export interface PhantomSetResult {
  dir: string;
  images: PhantomSetEntry[];
}

/** The file stem of image `index` (0-based): phantom-0001, phantom-0002, ... */
export function phantomStem(index: number): string {
  return `phantom-${String(index + 1).padStart(4, '0')}`;
}

/**
 * Writes a phantom set into `out`: STEM.dcm per image (CR, explicit VR little endian), masks/STEM.png
 * (0/255, empty for normals) and labels.csv (`file,label`). Same options -> byte-identical files.
 */
export function writePhantomSet(opts: WritePhantomSetOptions): PhantomSetResult {
  const { out, count, seed, size } = opts;
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    throw new EngineError('BAD_REQUEST', `--count must be an integer in 1..100000, got ${count}`);
  }
  if (size !== undefined && (!Number.isInteger(size) || size < 64 || size > 4096)) {
    throw new EngineError('BAD_REQUEST', `--size must be an integer in 64..4096, got ${size}`);
  }
  mkdirSync(join(out, 'masks'), { recursive: true });
  const abnormal = phantomLabels(seed, count);
  const images: PhantomSetEntry[] = [];
  const csv = ['file,label'];
  for (let index = 0; index < count; index++) {
    throwIfCancelled(opts.signal);
    const img = generatePhantom(seed, index, { abnormal: abnormal[index], size });
    const stem = phantomStem(index);
    const file = `${stem}.dcm`;
    writeFileSync(join(out, file), phantomDicom(img, { seed, index }));
    writeFileSync(join(out, 'masks', `${stem}.png`), encodeMaskPng(img.mask, img.width, img.height));
    let maskArea = 0;
    for (let i = 0; i < img.mask.length; i++) maskArea += img.mask[i];
    images.push({
      stem,
      file,
      label: img.label,
      width: img.width,
      height: img.height,
      photometric: img.photometric,
      bitsStored: img.bitsStored,
      lesions: img.lesions.length,
      maskArea,
    });
    csv.push(`${file},${img.label}`);
    opts.onImage?.(index + 1, count);
  }
  writeFileSync(join(out, 'labels.csv'), `${csv.join('\n')}\n`);
  return { dir: out, images };
}
