/**
 * WADO-RS import: retrieves the instances of series into the workspace folder (sources/dicomweb/STUDY/SERIES/
 * SOP.dcm) and adds each as its own committed image with its provenance (server URL, study/series/instance UIDs).
 * Instances already in the workspace are not downloaded again. A bad instance is reported and the rest go on;
 * a server that stops answering (unreachable, credentials refused) or a cancel ends the import with a typed
 * error, and every image that arrived before stays in the workspace.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PacsImportResult } from '../../protocol/pacs';
import { EngineError, throwIfCancelled, toErrorPayload } from '../errors';
import type { Workspace } from '../workspace/workspace';
import type { DicomWebClient } from './dicomwebClient';

export interface ImportSeriesOptions {
  studyInstanceUid: string;
  /** Default: every series of the study. */
  seriesInstanceUids?: string[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

/** Errors after which asking the same server for the next instance is pointless. */
const FATAL = new Set(['PACS_UNREACHABLE', 'PACS_AUTH', 'CANCELLED', 'WORKSPACE', 'IO']);

export async function importSeries(ws: Workspace, client: DicomWebClient, opts: ImportSeriesOptions): Promise<PacsImportResult> {
  const t0 = performance.now();
  const result: PacsImportResult = { added: [], duplicates: [], failed: [], bytes: 0, seconds: 0 };
  const study = opts.studyInstanceUid;
  if (ws.readOnly) throw new EngineError('WORKSPACE', 'the workspace is open read-only: nothing can be imported into it', ws.dir);
  try {
    const seriesUids = opts.seriesInstanceUids?.length ? opts.seriesInstanceUids : (await client.searchSeries(study, opts.signal)).map((s) => s.seriesInstanceUid);
    const work: { series: string; sop: string }[] = [];
    for (const series of seriesUids) {
      throwIfCancelled(opts.signal);
      for (const sop of await client.searchInstances(study, series, opts.signal)) work.push({ series, sop });
    }
    for (let i = 0; i < work.length; i++) {
      throwIfCancelled(opts.signal);
      const { series, sop } = work[i]!;
      opts.onProgress?.(i, work.length, sop);
      const existing = ws.imageBySopInstanceUid(sop);
      if (existing) {
        result.duplicates.push({ sopInstanceUid: sop, existingId: existing.id });
        continue;
      }
      try {
        const bytes = await client.retrieveInstance(study, series, sop, opts.signal);
        result.bytes += bytes.length;
        const dir = join(ws.dir, 'sources', 'dicomweb', study, series);
        const file = join(dir, `${sop}.dcm`);
        mkdirSync(dir, { recursive: true });
        // Whole files only: written aside, then renamed into place.
        writeFileSync(`${file}.partial`, bytes);
        renameSync(`${file}.partial`, file);
        const source = { kind: 'dicomweb' as const, serverUrl: client.url, studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop, retrievedAt: new Date().toISOString() };
        const r = await ws.addImages([file], undefined, { sourceOf: () => source });
        for (const a of r.added) result.added.push({ id: a.id, sopInstanceUid: sop, path: a.path });
        for (const d of r.duplicates) result.duplicates.push({ sopInstanceUid: sop, existingId: d.existingId });
        for (const f of r.failed) result.failed.push({ sopInstanceUid: sop, code: f.code, message: f.message });
        if (r.added.length === 0) rmSync(file, { force: true });
      } catch (e) {
        const p = toErrorPayload(e);
        if (FATAL.has(p.code)) throw e;
        result.failed.push({ sopInstanceUid: sop, code: p.code, message: p.message });
      }
    }
    opts.onProgress?.(work.length, work.length, 'done');
  } catch (e) {
    if (result.added.length === 0) throw e;
    // Say that what arrived is kept: each image was committed when it arrived.
    const p = toErrorPayload(e);
    throw new EngineError(p.code, `${p.message} (the ${result.added.length} image${result.added.length === 1 ? '' : 's'} imported before this stay in the workspace)`, p.file);
  } finally {
    result.seconds = (performance.now() - t0) / 1000;
  }
  if (!ws.readOnly) ws.recordEvent('pacs.import', { server: client.url, study, added: result.added.length, duplicates: result.duplicates.length, failed: result.failed.length });
  return result;
}
