import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EngineError } from '../errors';
import { readCsv, stemOf } from './readCsv';
import { readMaskPng } from './readMaskPng';
import type { EvaluateImageInput } from './evaluateImage';
import type { TruthBox } from './types';

/** Suffix of predicted mask files in the prediction folder (as `taggan tag` writes them). */
export const PRED_SUFFIX = '.mask.png';

export interface EvalSet {
  kind: 'masks' | 'boxes';
  images: EvaluateImageInput[];
  /** Predictions with no truth entry (truth folder mode only); not evaluated. */
  unmatched: string[];
}

function predFiles(predDir: string): Map<string, string> {
  let names: string[];
  try {
    if (!statSync(predDir).isDirectory()) throw new EngineError('BAD_REQUEST', 'prediction path is not a folder', predDir);
    names = readdirSync(predDir);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('NOT_FOUND', 'prediction folder not found', predDir);
  }
  const out = new Map<string, string>();
  for (const n of names.sort()) if (n.endsWith(PRED_SUFFIX)) out.set(n.slice(0, -PRED_SUFFIX.length), join(predDir, n));
  return out;
}

/**
 * Input file (absolute) -> prediction stem, from the proposals.json that `taggan tag` writes beside its masks; empty
 * without one. Stems alone are ambiguous: tag numbers a second input with the same stem STEM-2 (e.g. a phantom's
 * DICOM and its masks/STEM.png when a whole truth folder was tagged).
 */
function predStemsByInput(predDir: string): Map<string, string> {
  const file = join(predDir, 'proposals.json');
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EngineError('BAD_DATASET', `proposals.json is not valid JSON (${(err as Error).message})`, file);
  }
  const images = (report as { images?: unknown })?.images;
  for (const im of Array.isArray(images) ? images : []) {
    const { input, stem } = (im ?? {}) as { input?: unknown; stem?: unknown };
    if (typeof input === 'string' && typeof stem === 'string') out.set(resolve(predDir, input), stem);
  }
  return out;
}

/**
 * Pairs predictions with truth. `truth` is either a folder holding labels.csv (file,label: `normalLabel` or
 * any other class, which counts as abnormal) and masks/STEM.png (`opts.masks` names another subfolder), as
 * `taggan phantom` writes it, or a CSV of boxes
 * (image,x1,y1,x2,y2; image = stem or file name; an optional header row starting with "image").
 * With boxes, the images are the predictions; those without a box are taken as normal.
 * Errors name the file: a missing prediction or truth mask (NOT_FOUND), a size mismatch or a bad row (BAD_DATASET).
 */
export interface TruthDirOptions {
  /** Subfolder of the truth folder with the true masks (default `masks`; covid-qu's val uses `infection`). */
  masks?: string;
  /** The label of normal images in labels.csv (default `normal`); every other label is abnormal. */
  normalLabel?: string;
}

export function loadEvalSet(predDir: string, truth: string, opts: TruthDirOptions = {}): EvalSet {
  const preds = predFiles(predDir);
  if (!existsSync(truth)) throw new EngineError('NOT_FOUND', 'truth folder or boxes CSV not found', truth);
  if (statSync(truth).isDirectory()) return fromTruthDir(preds, predStemsByInput(predDir), predDir, truth, opts.masks ?? 'masks', (opts.normalLabel ?? 'normal').toLowerCase());
  return fromBoxes(preds, predDir, truth);
}

/**
 * Truth-folder rows are matched to the prediction made from that very file when proposals.json says which input
 * each prediction came from, else by stem; a stem match whose prediction came from another file of the truth
 * folder (its masks, say) is refused rather than scored.
 */
function fromTruthDir(preds: Map<string, string>, byInput: Map<string, string>, predDir: string, dir: string, masksDir: string, normalLabel: string): EvalSet {
  const inputOf = new Map([...byInput].map(([input, stem]) => [stem, input]));
  const labelsFile = join(dir, 'labels.csv');
  if (!existsSync(labelsFile)) throw new EngineError('NOT_FOUND', 'truth folder has no labels.csv', labelsFile);
  const rows = readCsv(labelsFile);
  if (rows.length === 0) throw new EngineError('BAD_DATASET', 'labels.csv is empty', labelsFile);
  const header = rows[0].cells.map((c) => c.toLowerCase());
  const fi = header.indexOf('file');
  const li = header.indexOf('label');
  if (fi < 0 || li < 0) throw new EngineError('BAD_DATASET', 'labels.csv needs a header with "file" and "label" columns', labelsFile);
  const images: EvaluateImageInput[] = [];
  const seen = new Set<string>();
  const usedPreds = new Set<string>();
  for (const row of rows.slice(1)) {
    const file = row.cells[fi] ?? '';
    const labelRaw = (row.cells[li] ?? '').toLowerCase();
    if (!file) throw new EngineError('BAD_DATASET', `line ${row.line}: empty file name`, labelsFile);
    if (labelRaw === '') throw new EngineError('BAD_DATASET', `line ${row.line}: empty label`, labelsFile);
    const label: 'normal' | 'abnormal' = labelRaw === normalLabel ? 'normal' : 'abnormal';
    const stem = stemOf(file);
    if (seen.has(stem)) throw new EngineError('BAD_DATASET', `line ${row.line}: ${stem} is listed twice`, labelsFile);
    seen.add(stem);
    const source = resolve(dir, file);
    const predStem = byInput.get(source) ?? stem;
    const other = byInput.has(source) ? undefined : inputOf.get(predStem);
    if (other !== undefined && !relative(dir, other).startsWith('..')) {
      throw new EngineError('BAD_DATASET', `the prediction ${predStem}${PRED_SUFFIX} was made from ${relative(dir, other)}, not from ${file} (labels.csv line ${row.line}); tag the images themselves`, join(predDir, 'proposals.json'));
    }
    usedPreds.add(predStem);
    const predFile = preds.get(predStem) ?? join(predDir, `${predStem}${PRED_SUFFIX}`);
    if (!preds.has(predStem)) throw new EngineError('NOT_FOUND', `no predicted mask for ${file} (labels.csv line ${row.line})`, predFile);
    const pred = readMaskPng(predFile);
    const truthFile = join(dir, masksDir, `${stem}.png`);
    let truthMask: Uint8Array | undefined;
    if (existsSync(truthFile)) {
      const t = readMaskPng(truthFile);
      if (t.width !== pred.width || t.height !== pred.height) {
        throw new EngineError('BAD_DATASET', `prediction is ${pred.width}x${pred.height} but the truth mask ${truthFile} is ${t.width}x${t.height}`, predFile);
      }
      truthMask = t.mask;
    } else if (label === 'abnormal') {
      throw new EngineError('NOT_FOUND', `no truth mask for abnormal image ${file}`, truthFile);
    }
    images.push({ stem, label, width: pred.width, height: pred.height, pred: pred.mask, truthMask });
  }
  const unmatched = [...preds.keys()].filter((s) => !usedPreds.has(s));
  return { kind: 'masks', images, unmatched };
}

function fromBoxes(preds: Map<string, string>, predDir: string, csv: string): EvalSet {
  const rows = readCsv(csv);
  const boxes = new Map<string, TruthBox[]>();
  for (const row of rows) {
    if (row.line === rows[0].line && row.cells[0].toLowerCase() === 'image') continue;
    if (row.cells.length < 5) throw new EngineError('BAD_DATASET', `line ${row.line}: expected image,x1,y1,x2,y2`, csv);
    const [img, ...nums] = row.cells;
    const [x1, y1, x2, y2] = nums.slice(0, 4).map(Number);
    if (![x1, y1, x2, y2].every(Number.isFinite)) throw new EngineError('BAD_DATASET', `line ${row.line}: box coordinates must be numbers`, csv);
    if (!(x2 > x1 && y2 > y1)) throw new EngineError('BAD_DATASET', `line ${row.line}: box needs x2 > x1 and y2 > y1`, csv);
    const stem = preds.has(img) ? img : stemOf(img);
    const list = boxes.get(stem) ?? [];
    list.push({ x1, y1, x2, y2 });
    boxes.set(stem, list);
  }
  for (const stem of boxes.keys()) {
    if (!preds.has(stem)) throw new EngineError('NOT_FOUND', `no predicted mask for boxed image ${stem}`, join(predDir, `${stem}${PRED_SUFFIX}`));
  }
  const images: EvaluateImageInput[] = [];
  for (const [stem, file] of preds) {
    const pred = readMaskPng(file);
    const b = boxes.get(stem);
    for (const box of b ?? []) {
      if (box.x1 >= pred.width || box.y1 >= pred.height || box.x2 <= 0 || box.y2 <= 0) {
        throw new EngineError('BAD_DATASET', `box ${box.x1},${box.y1},${box.x2},${box.y2} of ${stem} lies outside its ${pred.width}x${pred.height} image`, csv);
      }
    }
    images.push({ stem, label: b ? 'abnormal' : 'normal', width: pred.width, height: pred.height, pred: pred.mask, truthBoxes: b });
  }
  return { kind: 'boxes', images, unmatched: [] };
}
