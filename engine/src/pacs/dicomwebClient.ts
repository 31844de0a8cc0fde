/**
 * A DICOMweb client for one server: QIDO-RS searches, WADO-RS instance retrieval, STOW-RS storage.
 * Holds the credentials in memory only; `url` and `as` are what may be shown or stored.
 */
import type { PacsAuth, PacsSeries, PacsStudy, PacsStudyQuery } from '../../protocol/pacs';
import { EngineError } from '../errors';
import { parseDicomJsonList, readStowAnswer, toInstanceUids, toSeries, toStudy } from './dicomJson';
import { httpRequest } from './httpRequest';
import { buildMultipartRelated, contentTypeParam, parseMultipartRelated } from './multipartRelated';
import { studyQueryParams } from './qidoQuery';

export interface DicomWebLimits {
  /** Per request, answer included (default 30 s). */
  timeoutMs: number;
  /** Largest JSON answer (default 32 MiB). */
  maxJsonBytes: number;
  /** Largest retrieved instance (default 1 GiB, the engine's input-file cap). */
  maxInstanceBytes: number;
}

export const DEFAULT_LIMITS: DicomWebLimits = { timeoutMs: 30_000, maxJsonBytes: 32 * 1024 * 1024, maxInstanceBytes: 1024 * 1024 * 1024 };

/** Checks and normalises a DICOMweb root URL (http/https, no credentials, no query; trailing slash dropped). */
export function normaliseServerUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new EngineError('BAD_REQUEST', `not a URL: "${raw}" (e.g. https://pacs.example.org/dicom-web)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new EngineError('BAD_REQUEST', `a DICOMweb server URL must be http or https, not ${u.protocol}`);
  if (u.username || u.password) throw new EngineError('BAD_REQUEST', 'put the user name and password in the sign-in fields, not in the URL (the URL is stored in the workspace)');
  if (u.search || u.hash) throw new EngineError('BAD_REQUEST', 'the server URL must not have a query or fragment');
  u.pathname = u.pathname.replace(/\/+$/, '');
  return u;
}

/** Who we are on the server, in words without the secret. */
export function describeAuth(auth: PacsAuth): string {
  return auth.kind === 'basic' ? auth.user : auth.kind === 'bearer' ? 'a bearer token' : 'anonymous';
}

const uidPath = (uid: string): string => {
  if (!/^[0-9.]{1,64}$/.test(uid)) throw new EngineError('BAD_REQUEST', `not a DICOM UID: "${uid.slice(0, 80)}"`);
  return uid;
};

export class DicomWebClient {
  readonly url: string;
  readonly as: string;
  private readonly base: URL;

  constructor(url: string, private readonly auth: PacsAuth = { kind: 'none' }, readonly limits: DicomWebLimits = DEFAULT_LIMITS) {
    this.base = normaliseServerUrl(url);
    this.url = this.base.href.replace(/\/$/, '');
    this.as = describeAuth(auth);
  }

  private headers(accept: string): Record<string, string> {
    const h: Record<string, string> = { accept };
    if (this.auth.kind === 'basic') h.authorization = `Basic ${Buffer.from(`${this.auth.user}:${this.auth.password}`, 'utf8').toString('base64')}`;
    else if (this.auth.kind === 'bearer') h.authorization = `Bearer ${this.auth.token}`;
    return h;
  }

  private endpoint(path: string, params?: URLSearchParams): URL {
    const u = new URL(this.base.href);
    u.pathname = `${this.base.pathname}/${path}`;
    if (params) u.search = params.toString();
    return u;
  }

  private async json(path: string, params: URLSearchParams | undefined, what: string, signal?: AbortSignal) {
    const url = this.endpoint(path, params);
    const r = await httpRequest(url, { headers: this.headers('application/dicom+json'), timeoutMs: this.limits.timeoutMs, maxBytes: this.limits.maxJsonBytes, signal });
    if (r.status === 204) return [];
    return parseDicomJsonList(r.body, this.url, what);
  }

  searchStudies(q: PacsStudyQuery, signal?: AbortSignal): Promise<PacsStudy[]> {
    return this.json('studies', studyQueryParams(q), 'study search', signal).then((l) => l.map((o) => toStudy(o, this.url)));
  }

  async searchSeries(studyUid: string, signal?: AbortSignal): Promise<PacsSeries[]> {
    const p = new URLSearchParams();
    for (const f of ['SeriesDescription', 'SeriesNumber', 'NumberOfSeriesRelatedInstances', 'Modality']) p.append('includefield', f);
    const l = await this.json(`studies/${uidPath(studyUid)}/series`, p, 'series search', signal);
    return l.map((o) => toSeries(o, studyUid, this.url));
  }

  async searchInstances(studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<string[]> {
    const l = await this.json(`studies/${uidPath(studyUid)}/series/${uidPath(seriesUid)}/instances`, undefined, 'instance search', signal);
    return toInstanceUids(l, this.url);
  }

  /** One instance's DICOM file as stored (any transfer syntax: the engine decodes them all). */
  async retrieveInstance(studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<Buffer> {
    const url = this.endpoint(`studies/${uidPath(studyUid)}/series/${uidPath(seriesUid)}/instances/${uidPath(sopUid)}`);
    const r = await httpRequest(url, {
      headers: this.headers('multipart/related; type="application/dicom"; transfer-syntax=*'),
      timeoutMs: this.limits.timeoutMs, maxBytes: this.limits.maxInstanceBytes, signal,
    });
    const parts = parseMultipartRelated(r.contentType, r.body, this.url);
    if (parts.length !== 1) throw new EngineError('PACS', `instance ${sopUid}: expected one DICOM part in the answer, got ${parts.length}`, this.url);
    const part = parts[0]!;
    const type = (part.headers['content-type'] ?? contentTypeParam(r.contentType, 'type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/dicom') throw new EngineError('PACS', `instance ${sopUid}: the part is "${type || 'untyped'}", not application/dicom`, this.url);
    if (part.body.length < 132 || part.body.subarray(128, 132).toString('latin1') !== 'DICM') {
      throw new EngineError('PACS', `instance ${sopUid}: the part is not a DICOM file (no DICM preamble)`, this.url);
    }
    return part.body;
  }

  /** STOW-RS: stores DICOM files (in one request); returns what the server says it stored and refused. */
  async store(files: Buffer[], signal?: AbortSignal): Promise<{ stored: string[]; failed: { sopInstanceUid: string; reason: string }[] }> {
    const { contentType, body } = buildMultipartRelated(files);
    const r = await httpRequest(this.endpoint('studies'), {
      method: 'POST', headers: { ...this.headers('application/dicom+json'), 'content-type': contentType }, body,
      timeoutMs: this.limits.timeoutMs, maxBytes: this.limits.maxJsonBytes, signal,
    });
    const list = parseDicomJsonList(r.body, this.url, 'store');
    if (list.length === 0) throw new EngineError('PACS', 'store: the server gave no STOW-RS answer (expected what it stored and refused)', this.url);
    return readStowAnswer(list[0]!);
  }
}
