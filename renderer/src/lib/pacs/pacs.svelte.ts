import type { EngineClient } from '../../../../engine/protocol/client';
import type { PacsAuth, PacsConnection, PacsImportResult, PacsSendResult, PacsSeries, PacsStudy, PacsStudyQuery } from '../../../../engine/protocol/pacs';
import { requireClient } from '../engine/requireClient';
import { describeError, isCancelled } from '../workspace/describeError';

export type AuthKind = PacsAuth['kind'];

/**
 * The DICOMweb server as the UI sees it: the connection ("connected as X", never the secret), the study search,
 * the import (progress, cancel) and the send of SEGs. The password or token is handed to the engine on connect
 * and cleared from this object at once; the engine keeps it in its memory only.
 */
export class PacsState {
  connection = $state.raw<PacsConnection>({ connected: false, url: null, as: null });
  url = $state('');
  authKind = $state<AuthKind>('none');
  user = $state('');
  secret = $state('');
  query = $state<PacsStudyQuery>({ patientName: '', patientId: '', studyDate: '', modality: '', accessionNumber: '' });
  studies = $state.raw<PacsStudy[] | null>(null);
  /** The series of the study whose row is open, and which of them are ticked for import. */
  openStudy = $state<string | null>(null);
  series = $state.raw<PacsSeries[]>([]);
  chosenSeries = $state<Record<string, boolean>>({});
  busy = $state<string | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  error = $state<string | null>(null);
  lastImport = $state.raw<PacsImportResult | null>(null);
  lastSend = $state.raw<PacsSendResult | null>(null);
  deidentify = $state(true);
  private abort: AbortController | null = null;

  constructor(private readonly client: () => EngineClient | null) {}

  private async run<T>(what: string, fn: (c: EngineClient, signal: AbortSignal) => Promise<T>): Promise<T | null> {
    this.busy = what;
    this.error = null;
    this.progress = null;
    this.abort = new AbortController();
    try {
      return await fn(requireClient(this.client), this.abort.signal);
    } catch (e) {
      this.error = isCancelled(e) ? `${what}: cancelled. What arrived before stays in the workspace.` : describeError(e, what);
      return null;
    } finally {
      this.busy = null;
      this.progress = null;
      this.abort = null;
    }
  }

  /** Reads the engine's connection (e.g. after the dialog reopens). */
  async refresh(): Promise<void> {
    const c = this.client();
    if (c) this.connection = await c.call('pacs.status', {});
    if (this.connection.url && !this.url) this.url = this.connection.url;
  }

  async connect(): Promise<void> {
    const auth: PacsAuth =
      this.authKind === 'basic' ? { kind: 'basic', user: this.user.trim(), password: this.secret }
      : this.authKind === 'bearer' ? { kind: 'bearer', token: this.secret }
      : { kind: 'none' };
    const r = await this.run('Connecting', (c, signal) => c.call('pacs.connect', { url: this.url.trim(), auth }, { signal }));
    // The secret is the engine's now; the page keeps none of it.
    this.secret = '';
    if (r) {
      this.connection = r;
      this.studies = null;
    }
  }

  async disconnect(): Promise<void> {
    const r = await this.run('Disconnecting', (c) => c.call('pacs.disconnect', {}));
    if (r) this.connection = r;
    this.studies = null;
  }

  async search(): Promise<void> {
    const q: PacsStudyQuery = {};
    for (const [k, v] of Object.entries(this.query) as [keyof PacsStudyQuery, string | number | undefined][]) {
      if (typeof v === 'string' && v.trim()) (q as Record<string, string>)[k] = v.trim();
    }
    const r = await this.run('Searching', (c, signal) => c.call('pacs.searchStudies', q, { signal }));
    if (r) this.studies = r;
  }

  /** Opens a study's row: its series (QIDO-RS), all ticked. Again closes it. */
  async toggleSeries(studyInstanceUid: string): Promise<void> {
    if (this.openStudy === studyInstanceUid) {
      this.openStudy = null;
      return;
    }
    const r = await this.run('Listing series', (c, signal) => c.call('pacs.series', { studyInstanceUid }, { signal }));
    if (!r) return;
    this.openStudy = studyInstanceUid;
    this.series = r;
    this.chosenSeries = Object.fromEntries(r.map((s) => [s.seriesInstanceUid, true]));
  }

  /**
   * Imports a study into the open workspace: the ticked series when its row is open, else all of them. Returns the
   * result (null when it failed or was cancelled; what arrived before stays).
   */
  async importStudy(studyInstanceUid: string): Promise<PacsImportResult | null> {
    const seriesInstanceUids = this.openStudy === studyInstanceUid ? this.series.map((s) => s.seriesInstanceUid).filter((u) => this.chosenSeries[u]) : undefined;
    if (seriesInstanceUids && seriesInstanceUids.length === 0) {
      this.error = 'Tick at least one series to import.';
      return null;
    }
    const r = await this.run('Importing', (c, signal) =>
      c.call('pacs.import', { studyInstanceUid, ...(seriesInstanceUids ? { seriesInstanceUids } : {}) }, { signal, onProgress: (p) => (this.progress = { done: p.done, total: p.total }) }),
    );
    if (r) this.lastImport = r;
    return r;
  }

  async send(): Promise<void> {
    const r = await this.run('Sending', (c, signal) =>
      c.call('pacs.send', { deidentify: this.deidentify }, { signal, onProgress: (p) => (this.progress = { done: p.done, total: p.total }) }),
    );
    if (r) this.lastSend = r;
  }

  cancel(): void {
    this.abort?.abort();
  }
}
