/**
 * A lung-field data folder -> (image, mask) pairs for training and validation. Two layouts:
 * - covid-qu: DIR/train/CLASS/NAME with the mask DIR/lungs/NAME, and DIR/val/CLASS/NAME with DIR/val/lungs/NAME
 *   (class folders are any sub-folders except lungs/ and infection/);
 * - images-masks: DIR/images/STEM.EXT with DIR/masks/STEM.EXT2 (same stem, any image extension), and
 *   optionally DIR/val/images + DIR/val/masks the same way.
 * Images are DICOM, PNG or JPEG; masks are images whose bright pixels (> half) are lung. Errors name the file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { EngineError } from '../errors';
import { IMAGE_FILE_ENDINGS } from '../image/sniffFormat';

export interface LungPair {
  image: string;
  mask: string;
  /** Image path relative to the data folder, '/'-separated. */
  rel: string;
}

export interface LungDataset {
  dir: string;
  name: string;
  layout: 'covid-qu' | 'images-masks';
  train: LungPair[];
  val: LungPair[];
  /** The "Source:" paragraph of DIR/README.md, when there is one (provenance and terms). */
  licence?: string;
}

const NOT_CLASSES = new Set(['lungs', 'infection', 'masks', 'images']);

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function imageFiles(dir: string): string[] {
  return readdirSync(dir).sort().filter((f) => !f.startsWith('.') && IMAGE_FILE_ENDINGS.has(extname(f).toLowerCase()) && statSync(join(dir, f)).isFile());
}

/** Pairs DIR/split/CLASS/NAME with maskDir/NAME. */
function covidQuSplit(root: string, split: string, maskDir: string): LungPair[] {
  const base = join(root, split);
  const out: LungPair[] = [];
  for (const cls of readdirSync(base).sort()) {
    const sub = join(base, cls);
    if (cls.startsWith('.') || NOT_CLASSES.has(cls) || !isDir(sub)) continue;
    for (const f of imageFiles(sub)) {
      const mask = join(maskDir, f);
      if (!existsSync(mask)) throw new EngineError('BAD_DATASET', `no lung mask for ${split}/${cls}/${f} (expected ${mask})`, join(sub, f));
      out.push({ image: join(sub, f), mask, rel: `${split}/${cls}/${f}` });
    }
  }
  return out;
}

/** Pairs imagesDir/STEM.* with masksDir/STEM.* (one mask per stem). */
function imagesMasks(root: string, imagesDir: string, masksDir: string, prefix: string): LungPair[] {
  const masks = new Map<string, string>();
  for (const f of imageFiles(masksDir)) {
    const stem = basename(f, extname(f));
    if (masks.has(stem)) throw new EngineError('BAD_DATASET', `two masks with the stem "${stem}"`, join(masksDir, f));
    masks.set(stem, join(masksDir, f));
  }
  const out: LungPair[] = [];
  for (const f of imageFiles(imagesDir)) {
    const stem = basename(f, extname(f));
    const mask = masks.get(stem);
    if (!mask) throw new EngineError('BAD_DATASET', `no mask with the stem "${stem}" in ${masksDir}`, join(imagesDir, f));
    out.push({ image: join(imagesDir, f), mask, rel: `${prefix}images/${f}` });
  }
  return out;
}

function sourceParagraph(dir: string): string | undefined {
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) return undefined;
  const paras = readFileSync(readme, 'utf8').split(/\n\s*\n/);
  const p = paras.find((x) => /^\s*(Source|Licen[cs]e)s?\s*:/i.test(x));
  return p?.replace(/\s+/g, ' ').trim();
}

/** Reads the data folder; throws BAD_DATASET when it has neither layout or no training pair. */
export function readLungDataset(dataDir: string): LungDataset {
  const dir = resolve(dataDir);
  if (!isDir(dir)) throw new EngineError('BAD_DATASET', existsSync(dir) ? 'data path is not a folder' : 'data folder does not exist', dir);
  let ds: LungDataset;
  if (isDir(join(dir, 'train')) && isDir(join(dir, 'lungs'))) {
    const val = isDir(join(dir, 'val', 'lungs')) ? covidQuSplit(dir, 'val', join(dir, 'val', 'lungs')) : [];
    ds = { dir, name: basename(dir), layout: 'covid-qu', train: covidQuSplit(dir, 'train', join(dir, 'lungs')), val };
  } else if (isDir(join(dir, 'images')) && isDir(join(dir, 'masks'))) {
    const hasVal = isDir(join(dir, 'val', 'images')) && isDir(join(dir, 'val', 'masks'));
    ds = {
      dir, name: basename(dir), layout: 'images-masks',
      train: imagesMasks(dir, join(dir, 'images'), join(dir, 'masks'), ''),
      val: hasVal ? imagesMasks(dir, join(dir, 'val', 'images'), join(dir, 'val', 'masks'), 'val/') : [],
    };
  } else {
    throw new EngineError('BAD_DATASET', 'expected train/CLASS/* with lungs/ (covid-qu layout) or images/ with masks/ (same stems)', dir);
  }
  if (ds.train.length === 0) throw new EngineError('BAD_DATASET', 'no training image with a lung mask', dir);
  const licence = sourceParagraph(dir);
  if (licence) ds.licence = licence;
  return ds;
}
