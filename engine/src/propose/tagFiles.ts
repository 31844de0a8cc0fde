/**
 * `taggan tag` as a function: proposes a mask for every input image and writes, per input stem,
 * STEM.mask.png (0/255, the input's own resolution), STEM.map.png (disease map, 0..MAP_SCALE -> 0..255),
 * STEM.healthy.png, the requested extra formats (seg, coco, nifti), and one proposals.json.
 */
import { algorithmNameFor } from '../export/algorithmName';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { EXPORT_FORMAT_NAMES, type ExportFormatName } from '../../protocol/workspace';
import { maskWriters, type MaskItem } from '../export/formats/maskWriters';
import { writeMaskPng } from '../export/maskPng';
import { readSourceHeader } from '../export/readSourceHeader';
import { EngineError, throwIfCancelled, toErrorPayload } from '../errors';
import { encodeGrayPng } from '../image/encodeGrayPng';
import { loadGrayImage } from '../image/loadImage';
import { sniffFile } from '../image/sniffFormat';
import { collectImageFiles } from '../workspace/collectImageFiles';
import type { TagGanModel } from '../model/loadModel';
import type { LungPriorRecord, ThresholdMethod, ThresholdOption } from '../../protocol/model';
import { lungPriorRecord, type LungPrior } from './lungPrior';
import { maskPixels, proposeOne, setupProposalRun } from './proposalPipeline';
import type { ProposalMethod } from './proposeImage';

/** Map values at or above this show as white in STEM.map.png (display units; the image spans 0..1). */
export const MAP_SCALE = 0.5;

/** What `tag` can write besides its maps: the protocol's export formats (export/formats/maskWriters.ts). */
export const TAG_FORMATS = EXPORT_FORMAT_NAMES;
export type TagFormat = ExportFormatName;

export interface TagOptions {
  outDir: string;
  method?: ProposalMethod;
  threshold?: ThresholdOption;
  minArea?: number;
  /** Keep masks inside the classifier's Grad-CAM region (TBVA-GAN); see proposeImage. */
  useCam?: boolean;
  /** png is always written; the others are extra. */
  formats?: TagFormat[];
  backend?: string;
  /**
   * The lung-field prior (taggan and gradcam maps are restricted to the lung fields grown by its margin); the
   * lung model of the `lungs` method (the whole lung field as the proposal). Null/absent: no prior.
   */
  lungPrior?: LungPrior | null;
  onProgress?: (done: number, total: number, file: string) => void;
  signal?: AbortSignal;
}

export interface TaggedImage {
  input: string;
  stem: string;
  width: number;
  height: number;
  method: ProposalMethod;
  threshold: number | null;
  thresholdMethod: ThresholdMethod;
  probability?: number;
  maskArea: number;
  regions: { id: number; bbox: { x: number; y: number; w: number; h: number }; area: number; score: number; maxScore: number }[];
  ms: number;
  files: string[];
  notes?: string[];
}

export interface TagReport {
  model: string;
  /** Floor of the automatic threshold from the model's calibration on normal images (null: default floor). */
  calibratedFloor: number | null;
  /** The model's caveat (metadata.evaluation.caveat), when it has one. */
  modelCaveat: string | null;
  /** The per-pixel normal baseline subtracted from taggan maps (null: none, the model is not calibrated with one). */
  normalBaseline: { size: number; quantile: number } | null;
  backend: string | null;
  method: ProposalMethod;
  thresholdOption: string;
  /** The lung-field prior the maps were restricted with (lungs method: the lung model, margin 0); null: none. */
  lungPrior: LungPriorRecord | null;
  /** Things the user should know about the whole run (e.g. calibrated with another lung prior setting). */
  notes: string[];
  images: TaggedImage[];
  failed: { input: string; code: string; message: string }[];
  /** Non-image files found inside input folders (not errors). */
  skipped: string[];
  files: string[];
}

function uniqueStem(path: string, used: Set<string>): string {
  const base = basename(path, extname(path)) || 'image';
  let stem = base;
  for (let k = 2; used.has(stem); k++) stem = `${base}-${k}`;
  used.add(stem);
  return stem;
}

/**
 * `model` may be null for the `lungs` method only (it needs just the lung model of `opts.lungPrior`).
 */
export async function tagFiles(model: TagGanModel | null, inputs: string[], opts: TagOptions): Promise<TagReport> {
  const method = opts.method ?? 'taggan';
  const prior = opts.lungPrior ?? null;
  if (method === 'lungs' && !prior) throw new EngineError('MODEL', 'the lungs method needs a lung model: install models/lungs or pass --lung-model DIR (train one with `taggan train-lungs`)');
  const run = setupProposalRun(model, prior, { method, threshold: opts.threshold, minArea: opts.minArea, useCam: opts.useCam });
  const { id, calibration } = run;
  const formats = new Set<TagFormat>(['png', ...(opts.formats ?? [])]);
  const notes: string[] = [];
  if (calibration && method === 'taggan') {
    const calPrior = calibration.lungPrior ?? null;
    if (Boolean(calPrior) !== Boolean(prior)) {
      notes.push(calPrior
        ? 'the model was calibrated with the lung prior but these proposals run without it: its floor and baseline ignore what lies outside the lungs (recalibrate with --no-lung-prior)'
        : 'the model was calibrated without the lung prior but these proposals run with it (recalibrate to measure the floor inside the lungs)');
    } else if (calPrior && prior && calPrior.margin !== prior.margin) {
      notes.push(`the model was calibrated with a lung margin of ${calPrior.margin}, these proposals use ${prior.margin}`);
    }
  }
  mkdirSync(opts.outDir, { recursive: true });
  const { files, missing } = collectImageFiles(inputs);
  const report: TagReport = {
    model: id, modelCaveat: model?.metadata.evaluation?.caveat ?? null, calibratedFloor: calibration?.floor ?? null, normalBaseline: calibration?.baseline ? { size: calibration.baseline.size, quantile: calibration.baseline.quantile } : null, backend: opts.backend ?? null, method, thresholdOption: method === 'lungs' ? '0.5 (lung probability)' : String(opts.threshold ?? 'auto'),
    lungPrior: method === 'lungs' ? { model: prior!.id, margin: 0 } : lungPriorRecord(prior), notes,
    images: [], skipped: [], failed: missing.map((m) => ({ input: m, code: 'NOT_FOUND', message: `${m}: no such file or folder` })), files: [],
  };
  if (files.length === 0 && missing.length === 0) throw new EngineError('BAD_REQUEST', 'tag: no input images');
  const used = new Set<string>();
  const writers = maskWriters(formats);
  const items: MaskItem[] = [];
  const write = (name: string, data: Buffer | string) => {
    writeFileSync(join(opts.outDir, name), data);
    report.files.push(name);
    return name;
  };
  // Inside folders, only image files count (labels.csv, notes...); files named explicitly are always tried.
  const images = files.filter((f) => !f.fromFolder || sniffFile(f.path) !== undefined);
  report.skipped = files.filter((f) => !images.includes(f)).map((f) => f.path);
  for (let i = 0; i < images.length; i++) {
    throwIfCancelled(opts.signal);
    const input = images[i]!.path;
    opts.onProgress?.(i, images.length, input);
    const t0 = performance.now();
    try {
      const image = await loadGrayImage(input);
      const p = await proposeOne(run, image);
      const stem = uniqueStem(input, used);
      const mask = { width: p.width, height: p.height, data: p.mask };
      const out: string[] = [];
      const notes: string[] = [];
      out.push(write(`${stem}.mask.png`, writeMaskPng(mask)));
      out.push(write(`${stem}.map.png`, encodeGrayPng(p.map, p.width, p.height, 0, method === 'taggan' ? MAP_SCALE : 1)));
      if (p.healthy) out.push(write(`${stem}.healthy.png`, encodeGrayPng(p.healthy, p.width, p.height)));
      const isDicom = image.source.format === 'dicom';
      const header = isDicom && (formats.has('seg') || formats.has('nifti')) ? readSourceHeader(readFileSync(input), input) : undefined;
      const item: MaskItem = {
        mask,
        coco: { imageId: items.length + 1, fileName: `${stem}${extname(input)}`, label: null, status: 'proposed', algorithmType: 'AUTOMATIC' },
        seg: { source: header?.dataset, algorithmType: 'AUTOMATIC', algorithmName: algorithmNameFor(id), algorithmVersion: id },
        geometry: { pixelSpacing: header?.pixelSpacing ?? null, patientOrientation: header?.patientOrientation ?? null },
      };
      for (const w of writers) {
        if (!w.write || w.name === 'png') continue; // the mask PNG is always written, as STEM.mask.png (above)
        const data = w.write(item);
        if (data instanceof Uint8Array) out.push(write(`${stem}${w.ext}`, data));
        else notes.push(`${w.name}: ${data.skip}`);
      }
      items.push(item);
      report.images.push({
        input, stem, width: p.width, height: p.height, method, threshold: p.threshold, thresholdMethod: p.thresholdMethod,
        ...(p.probability !== undefined ? { probability: p.probability } : {}),
        maskArea: maskPixels(p.mask),
        regions: p.regions.map((r) => ({ id: r.id, bbox: r.bbox, area: r.area, score: r.score, maxScore: r.maxScore })),
        ms: Math.round(performance.now() - t0), files: out, ...(notes.length ? { notes } : {}),
      });
    } catch (err) {
      if (err instanceof EngineError && err.code === 'CANCELLED') throw err;
      const e = toErrorPayload(err);
      report.failed.push({ input, code: e.code, message: e.message.includes(input) ? e.message : `${input}: ${e.message}` });
    }
  }
  opts.onProgress?.(images.length, images.length, '');
  for (const w of writers) if (w.writeSet && items.length) write(w.setFile!, w.writeSet(items));
  write('proposals.json', JSON.stringify({ ...report, mapScale: MAP_SCALE }, null, 1));
  return report;
}
