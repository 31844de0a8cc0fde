/**
 * `taggan lungs` as a function: the lung fields of every input image (DICOM, PNG, JPEG; folders walked),
 * written as STEM.lungs.png (0/255, the input's own size) plus one lungs.json with each image's size and
 * lung fraction. A file that fails is reported by name and the others go on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { EngineError, throwIfCancelled, toErrorPayload } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { sniffFile } from '../image/sniffFormat';
import { writeMaskPng } from '../export/maskPng';
import { collectImageFiles } from '../workspace/collectImageFiles';
import type { LungModel } from './lungModel';

export interface LungFileResult {
  input: string;
  stem: string;
  file: string;
  width: number;
  height: number;
  /** Fraction of the image's pixels inside the lung fields. */
  fraction: number;
  ms: number;
}

export interface LungFilesReport {
  model: string;
  images: LungFileResult[];
  failed: { input: string; code: string; message: string }[];
  /** Non-image files found inside input folders (not errors). */
  skipped: string[];
}

export async function segmentLungFiles(model: LungModel, modelId: string, inputs: string[], outDir: string, opts: { onProgress?: (done: number, total: number, file: string) => void; signal?: AbortSignal } = {}): Promise<LungFilesReport> {
  const { files, missing } = collectImageFiles(inputs);
  if (files.length === 0 && missing.length === 0) throw new EngineError('BAD_REQUEST', 'lungs: no input images');
  mkdirSync(outDir, { recursive: true });
  const images = files.filter((f) => !f.fromFolder || sniffFile(f.path) !== undefined);
  const report: LungFilesReport = {
    model: modelId, images: [], skipped: files.filter((f) => !images.includes(f)).map((f) => f.path),
    failed: missing.map((m) => ({ input: m, code: 'NOT_FOUND', message: `${m}: no such file or folder` })),
  };
  const used = new Set<string>();
  for (const [i, f] of images.entries()) {
    throwIfCancelled(opts.signal);
    opts.onProgress?.(i, images.length, f.path);
    const t0 = performance.now();
    try {
      const gray = await loadGrayImage(f.path);
      const seg = await model.segment(gray);
      const base = basename(f.path, extname(f.path)) || 'image';
      let stem = base;
      for (let k = 2; used.has(stem); k++) stem = `${base}-${k}`;
      used.add(stem);
      const file = `${stem}.lungs.png`;
      writeFileSync(join(outDir, file), writeMaskPng({ width: seg.width, height: seg.height, data: seg.mask }));
      report.images.push({ input: f.path, stem, file, width: seg.width, height: seg.height, fraction: seg.fraction, ms: Math.round(performance.now() - t0) });
    } catch (err) {
      if (err instanceof EngineError && err.code === 'CANCELLED') throw err;
      const e = toErrorPayload(err);
      report.failed.push({ input: f.path, code: e.code, message: e.message.includes(f.path) ? e.message : `${f.path}: ${e.message}` });
    }
  }
  opts.onProgress?.(images.length, images.length, '');
  writeFileSync(join(outDir, 'lungs.json'), `${JSON.stringify(report, null, 1)}\n`);
  return report;
}
