/**
 * Exports a workspace's reviewed masks: PNG, DICOM SEG, COCO JSON, NIfTI, plus manifest.csv, optionally
 * de-identified. Files are named by a neutral index of the workspace image id (`img000012`), never by
 * source file names (which often carry patient IDs).
 *
 *   OUT/masks/imgNNNNNN.png        PNG mask, 0/255, image resolution
 *   OUT/seg/imgNNNNNN.seg.dcm      DICOM SEG (DICOM sources only)
 *   OUT/images/imgNNNNNN.dcm       de-identified copy of the DICOM source (--deidentify with seg only),
 *                                  so the SEG's remapped references resolve
 *   OUT/nifti/imgNNNNNN.nii.gz     NIfTI-1 mask
 *   OUT/coco.json                  COCO JSON, RLE masks
 *   OUT/manifest.csv               one row per exported image
 *   OUT/deidentification.json      what de-identification did (tags/actions, no values)
 *
 * The export is written to a temporary sibling folder (OUT.partial-XXXXXX) and renamed to OUT only when it
 * is complete and, with de-identification, has passed its self-check; on any failure the temporary folder
 * is removed, so a failed export leaves nothing behind.
 *
 * Which mask: for an image whose status is `proposed` the latest proposal (AUTOMATIC); otherwise the
 * latest annotation version. Images whose status is not in `statuses` are left out.
 */
import { algorithmNameFor } from './algorithmName';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { collectLeakSources, findDicomLeaks, findTextLeaks, newLeakSources } from '../deid/selfCheck';
import { UidRemapper } from '../deid/uidRemapper';
import { deidentifyDicomDict, DEID_METHOD, type DeidRecord } from '../deid/deidentifyDicomDict';
import { BASIC_PROFILE_CODE } from '../deid/basicProfile';
import { EXPORT_FORMAT_NAMES, type ExportFormatName } from '../../protocol/workspace';
import { EngineError } from '../errors';
import { ENGINE_VERSION } from '../version';
import { maskArea, type BinaryMask } from '../../mask/binaryMask';
import type { AnnotationOrigin, ImageRecord, ImageStatus } from '../workspace/types';
import type { Workspace } from '../workspace/workspace';
import { fsError, readInputFile } from '../util/readInputFile';
import { dcmjs, toArrayBuffer } from '../dicom/dcmjs';
import type { SegAlgorithmType } from './dicomSeg';
import { maskWriters, type MaskItem } from './formats/maskWriters';
import { buildManifestCsv, type ManifestRow } from './manifestCsv';
import { readSourceHeader, type SourceHeader } from './readSourceHeader';

/** The export formats: the protocol's names, each with its writer in formats/maskWriters.ts. */
export const EXPORT_FORMATS = EXPORT_FORMAT_NAMES;
export type ExportFormat = ExportFormatName;

export interface ExportOptions {
  outDir: string;
  formats: ExportFormat[];
  /** Image statuses to export; default accepted + edited. */
  statuses?: ImageStatus[];
  deidentify?: boolean;
  /** Record each exported annotation as a new `exported` version. */
  markExported?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ExportResult {
  outDir: string;
  exported: number;
  /** Output files, relative to outDir. */
  files: string[];
  skipped: { imageId: number; reason: string }[];
  warnings: string[];
}

const ALGO: Record<AnnotationOrigin, SegAlgorithmType> = { automatic: 'AUTOMATIC', semiautomatic: 'SEMIAUTOMATIC', manual: 'MANUAL' };

interface Item {
  image: ImageRecord;
  mask: BinaryMask;
  origin: AnnotationOrigin;
  status: string;
  author: string;
  modelId: string | null;
  annotationId: number | null;
}

function pickItem(ws: Workspace, image: ImageRecord): Item | string {
  if (image.status === 'proposed') {
    const p = ws.latestProposal(image.id);
    if (!p) return 'status proposed but no proposal stored';
    return { image, mask: p.mask, origin: 'automatic', status: 'proposed', author: p.record.author, modelId: p.record.modelId, annotationId: null };
  }
  const a = ws.latestAnnotation(image.id);
  if (!a) return `status ${image.status} has no mask to export`;
  const modelId = a.record.proposalId !== null ? (ws.getProposal(a.record.proposalId)?.record.modelId ?? null) : null;
  return { image, mask: a.mask, origin: a.record.origin, status: a.record.status, author: a.record.author, modelId, annotationId: a.record.id };
}

/** Reads the DICOM source again, checking it is still the file that was added (same SHA-256). */
function readSource(image: ImageRecord): SourceHeader {
  const buf = readInputFile(image.path);
  if (createHash('sha256').update(buf).digest('hex') !== image.sha256) {
    throw new EngineError('EXPORT', 'source image changed since it was added (SHA-256 differs)', image.path);
  }
  return readSourceHeader(buf, image.path);
}

export function exportWorkspace(ws: Workspace, opts: ExportOptions): ExportResult {
  const out = resolve(opts.outDir);
  const formats0 = [...new Set(opts.formats)];
  if (formats0.length === 0) throw new EngineError('BAD_REQUEST', 'no export format given');
  for (const f of formats0) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new EngineError('BAD_REQUEST', `unknown export format "${f}" (use ${EXPORT_FORMATS.join(', ')})`);
  }
  if (existsSync(out) && readdirSync(out).length > 0) throw new EngineError('EXPORT', 'output folder is not empty', out);
  let tmp: string;
  try {
    mkdirSync(dirname(out), { recursive: true });
    tmp = mkdtempSync(join(dirname(out), `.${basename(out)}.partial-`));
  } catch (e) {
    throw fsError(e, out, 'create the output folder');
  }
  let result: ExportResult & { exportedAnnotations: number[] };
  try {
    result = exportInto(ws, opts, tmp, out);
    if (existsSync(out)) rmdirSync(out); // empty (checked above)
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof EngineError) throw e;
    throw fsError(e, out, 'write the export');
  }
  if (ws.readOnly) {
    result.warnings.push('the workspace is open read-only: this export is not recorded in its audit log' + (opts.markExported ? ' and annotations are not marked exported' : ''));
  } else {
    ws.recordEvent('export.run', { outDir: out, formats: formats0, statuses: opts.statuses ?? ['accepted', 'edited'], deidentify: opts.deidentify === true, exported: result.exported, skipped: result.skipped.length });
    if (opts.markExported) for (const id of result.exportedAnnotations) ws.markExported(id, out);
  }
  const { exportedAnnotations: _done, ...plain } = result;
  return plain;
}

/** Writes the export into `dir` (the temporary folder); `out` is where it will end up (for messages). */
function exportInto(ws: Workspace, opts: ExportOptions, dir: string, finalOut: string): ExportResult & { exportedAnnotations: number[] } {
  const out = dir;
  const formats = [...new Set(opts.formats)];
  const statuses = opts.statuses ?? ['accepted', 'edited'];
  const deid = opts.deidentify === true;
  const result: ExportResult = { outDir: finalOut, exported: 0, files: [], skipped: [], warnings: [] };
  const write = (rel: string, data: Buffer | string): void => {
    const p = join(out, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, data);
    result.files.push(rel);
  };

  const secret = ws.meta('deid_secret');
  if (deid && !secret) throw new EngineError('WORKSPACE', 'workspace has no de-identification secret', ws.dir);
  const uids = deid ? new UidRemapper(secret!) : undefined;
  const deidFiles: ({ file: string; note?: string } & DeidRecord)[] = [];
  const leakSources = newLeakSources();
  const authors = new Map<string, string>();
  const authorName = (a: string): string => {
    if (!deid) return a;
    if (!authors.has(a)) authors.set(a, `reader${authors.size + 1}`);
    return authors.get(a)!;
  };

  const images = ws.listImages({ status: statuses });
  const writers = maskWriters(formats);
  const perImage = writers.filter((w) => w.write);
  const items: MaskItem[] = [];
  const manifest: ManifestRow[] = [];
  const exportedAnnotations: number[] = [];
  images.forEach((image, n) => {
    opts.onProgress?.(n, images.length);
    const item = pickItem(ws, image);
    if (typeof item === 'string') {
      result.skipped.push({ imageId: image.id, reason: item });
      return;
    }
    const stem = `img${String(image.id).padStart(6, '0')}`;
    const row: ManifestRow = {
      index: result.exported + 1, image_id: image.id, source: deid ? null : image.path, label: image.label, status: item.status,
      author: authorName(item.author), model: item.modelId, algorithm_type: ALGO[item.origin], mask_area: maskArea(item.mask),
      png: null, seg: null, nifti: null, image_copy: null, coco_image_id: null,
    };
    let header: SourceHeader | undefined;
    const mask: MaskItem = {
      mask: item.mask,
      coco: { imageId: image.id, fileName: `${stem}${image.format === 'dicom' ? '.dcm' : image.format === 'png' ? '.png' : '.jpg'}`, label: image.label, status: item.status, algorithmType: ALGO[item.origin] },
      seg: {
        algorithmType: ALGO[item.origin],
        algorithmName: item.origin === 'manual' ? undefined : algorithmNameFor(item.modelId),
        algorithmVersion: item.origin === 'manual' ? undefined : (item.modelId ?? 'unknown'),
        contentCreatorName: deid ? '' : item.author,
        instanceNumber: 1,
      },
      geometry: { pixelSpacing: image.pixelSpacing },
    };
    try {
      if (image.format === 'dicom' && (formats.includes('seg') || formats.includes('nifti'))) header = readSource(image);
      if (header && deid) collectLeakSources(header.dicomDict.dict, leakSources); // before de-identification changes it
      mask.geometry.patientOrientation = header?.patientOrientation;
      if (formats.includes('seg') && header) {
        mask.seg.source = header.dataset;
        if (uids) {
          const dd = header.dicomDict;
          const rec = deidentifyDicomDict(dd, uids);
          write(`images/${stem}.dcm`, Buffer.from(dd.write()));
          row.image_copy = `images/${stem}.dcm`;
          deidFiles.push({ file: `images/${stem}.dcm`, ...rec });
          mask.seg.source = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dd.dict);
          // Our own SEG attributes carry nothing identifying; re-running the profile on it would empty Type 1
          // attributes (DeviceSerialNumber), so only its references were remapped (via the de-identified source).
          deidFiles.push({ file: `seg/${stem}.seg.dcm`, note: 'built from the de-identified source copy', actions: [], privateAttributesRemoved: 0, uidsReplaced: 0, warnings: [] });
        }
      }
      for (const w of perImage) {
        const data = w.write!(mask);
        if (!(data instanceof Uint8Array)) continue; // a SEG of a non-DICOM source: none, as the manifest shows
        const rel = `${w.folder}/${stem}${w.ext}`;
        write(rel, data);
        row[w.name as 'png' | 'seg' | 'nifti'] = rel;
      }
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      result.skipped.push({ imageId: image.id, reason: `${e.code}: ${e.message}` });
      return;
    }
    items.push(mask);
    if (formats.includes('coco')) row.coco_image_id = image.id;
    manifest.push(row);
    result.exported++;
    if (item.annotationId !== null) exportedAnnotations.push(item.annotationId);
  });
  for (const w of writers) if (w.writeSet) write(w.setFile!, w.writeSet(items));
  write('manifest.csv', buildManifestCsv(manifest));

  if (deid) {
    // Self-check: every exported file read back; no value of a removed/replaced source attribute may be in it
    // (exact values at any depth; see deid/selfCheck.ts). PNG and NIfTI hold masks and sizes only.
    const leaks: string[] = [];
    for (const rel of result.files) {
      for (const part of rel.split('/')) if (leakSources.needles.has(part.replace(/\.[a-z.]+$/, ''))) leaks.push(`${rel}: its name is a source identifier`);
      if (rel.endsWith('.dcm')) {
        const dd = dcmjs.data.DicomMessage.readFile(toArrayBuffer(readFileSync(join(out, rel))));
        findDicomLeaks(dd.meta, leakSources, rel, leaks);
        findDicomLeaks(dd.dict, leakSources, rel, leaks);
      } else if (rel.endsWith('.csv') || rel.endsWith('.json')) {
        leaks.push(...findTextLeaks(readFileSync(join(out, rel), 'utf8'), rel.endsWith('.csv') ? 'csv' : 'json', leakSources, rel));
      }
    }
    const warnings = deidFiles.flatMap((f) => f.warnings.map((w) => `${f.file}: ${w}`));
    result.warnings.push(...warnings);
    write(
      'deidentification.json',
      `${JSON.stringify(
        {
          profile: 'DICOM PS3.15 Annex E, Table E.1-1, Basic Application Level Confidentiality Profile',
          method: DEID_METHOD,
          deidentificationMethodCode: BASIC_PROFILE_CODE,
          software: `TagGAN Desk ${ENGINE_VERSION}`,
          uidReplacement: '2.25.<first 128 bits of HMAC-SHA256(workspace secret, original UID)>; consistent across images and SEGs',
          fileNaming: 'all files named by a neutral workspace image index (imgNNNNNN); manifest has no source paths; authors pseudonymised',
          nonDicomOutputs: 'PNG, NIfTI and COCO files hold masks and sizes only, no header data',
          selfCheck: { method: 'exact values of removed/replaced attributes, person names and UIDs, at every depth, in every exported DICOM, CSV and JSON file', identifiersChecked: leakSources.needles.size, leaks },
          files: deidFiles,
          warnings,
        },
        null,
        1,
      )}\n`,
    );
    if (leaks.length > 0) {
      throw new EngineError('EXPORT', `de-identification self-check failed, nothing was written: ${leaks.slice(0, 20).join('; ')}${leaks.length > 20 ? ` (and ${leaks.length - 20} more)` : ''}`, finalOut);
    }
  }
  return { ...result, exportedAnnotations };
}
