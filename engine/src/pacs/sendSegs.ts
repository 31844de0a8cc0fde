/**
 * STOW-RS send: the workspace's accepted/edited masks become DICOM SEGs through the ordinary export (the same
 * files `taggan export --format seg` writes, optionally de-identified with its self-check), then go to the
 * server in one request. With de-identification the de-identified copies of the source images go too, so
 * the SEGs' references resolve on the server. The temporary export is removed afterwards.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PacsSendResult } from '../../protocol/pacs';
import type { ImageStatus } from '../../protocol/workspace';
import { EngineError } from '../errors';
import { exportWorkspace } from '../export/exportWorkspace';
import type { Workspace } from '../workspace/workspace';
import type { DicomWebClient } from './dicomwebClient';

export interface SendSegsOptions {
  deidentify?: boolean;
  /** Default accepted + edited. */
  statuses?: ImageStatus[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export async function sendSegs(ws: Workspace, client: DicomWebClient, opts: SendSegsOptions = {}): Promise<PacsSendResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'taggan-stow-'));
  try {
    const out = join(tmp, 'export');
    const exp = exportWorkspace(ws, {
      outDir: out, formats: ['seg'], statuses: opts.statuses ?? ['accepted', 'edited'], deidentify: opts.deidentify,
      onProgress: (d, t) => opts.onProgress?.(d, t, 'making DICOM SEG'),
    });
    const segs = exp.files.filter((f) => f.startsWith('seg/'));
    if (segs.length === 0) {
      throw new EngineError('EXPORT', `nothing to send: no ${(opts.statuses ?? ['accepted', 'edited']).join('/')} DICOM image has a mask${exp.skipped.length ? ` (${exp.skipped.map((s) => `image ${s.imageId}: ${s.reason}`).join('; ')})` : ''}`);
    }
    const files = [...exp.files.filter((f) => f.startsWith('images/')), ...segs].map((f) => readFileSync(join(out, f)));
    opts.onProgress?.(0, files.length, 'sending');
    const r = await client.store(files, opts.signal);
    opts.onProgress?.(files.length, files.length, 'sent');
    const result: PacsSendResult = { url: client.url, stored: r.stored, failed: r.failed, skipped: exp.skipped, deidentified: opts.deidentify === true };
    if (!ws.readOnly) ws.recordEvent('pacs.send', { server: client.url, stored: r.stored.length, failed: r.failed.length, deidentify: result.deidentified });
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
