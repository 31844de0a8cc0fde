/**
 * `taggan pacs search|series|import|send URL ...`: a DICOMweb server from the command line. Credentials come
 * from the environment, never from argv (which other users can read in the process list) and are never written:
 * --user NAME takes the password from TAGGAN_PACS_PASSWORD, --bearer takes the token from TAGGAN_PACS_TOKEN.
 */
import { parseArgs } from 'node:util';
import type { PacsAuth } from '../../../protocol/pacs';
import { EngineError } from '../../errors';
import { DEFAULT_LIMITS, DicomWebClient } from '../../pacs/dicomwebClient';
import { importSeries } from '../../pacs/importSeries';
import { sendSegs } from '../../pacs/sendSegs';
import { Workspace } from '../../workspace/workspace';
import type { CliCommand } from '../command';
import { intOption, numberOption } from '../numberOptions';
import { progressLine } from '../progressLine';

const AUTH_USAGE = '[--user NAME (password in TAGGAN_PACS_PASSWORD) | --bearer (token in TAGGAN_PACS_TOKEN)] [--timeout SECONDS]';
const authOptions = { user: { type: 'string' }, bearer: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } } as const;

function connect(url: string | undefined, v: { user?: string; bearer?: boolean; timeout?: string }, usage: string): DicomWebClient {
  if (!url) throw new EngineError('BAD_REQUEST', `give the server's DICOMweb URL; usage: ${usage}`);
  let auth: PacsAuth = { kind: 'none' };
  if (v.user !== undefined && v.bearer) throw new EngineError('BAD_REQUEST', 'give --user or --bearer, not both');
  if (v.user !== undefined) {
    const password = process.env.TAGGAN_PACS_PASSWORD;
    if (password === undefined) throw new EngineError('BAD_REQUEST', '--user needs the password in the environment variable TAGGAN_PACS_PASSWORD');
    auth = { kind: 'basic', user: v.user, password };
  } else if (v.bearer) {
    const token = process.env.TAGGAN_PACS_TOKEN;
    if (!token) throw new EngineError('BAD_REQUEST', '--bearer needs the token in the environment variable TAGGAN_PACS_TOKEN');
    auth = { kind: 'bearer', token };
  }
  const sec = numberOption(v.timeout, 'timeout', { above: 0, max: 600 }) ?? DEFAULT_LIMITS.timeoutMs / 1000;
  return new DicomWebClient(url, auth, { ...DEFAULT_LIMITS, timeoutMs: sec * 1000 });
}

export const pacsSearchCommand: CliCommand = {
  name: 'pacs search',
  summary: 'QIDO-RS: studies on a DICOMweb server (patient, date, modality, accession)',
  usage: `taggan pacs search URL [--patient NAME] [--patient-id ID] [--date YYYYMMDD[-YYYYMMDD]] [--modality CR] [--accession A] [--limit N] ${AUTH_USAGE} [--json]`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { ...authOptions, patient: { type: 'string' }, 'patient-id': { type: 'string' }, date: { type: 'string' }, modality: { type: 'string' }, accession: { type: 'string' }, limit: { type: 'string' } },
    });
    const client = connect(positionals[0], values, this.usage);
    const limit = intOption(values.limit, 'limit', { min: 1 });
    const studies = await client.searchStudies({ patientName: values.patient, patientId: values['patient-id'], studyDate: values.date, modality: values.modality, accessionNumber: values.accession, limit });
    if (values.json) ctx.out(JSON.stringify(studies));
    else {
      for (const s of studies) {
        ctx.out(`${s.studyInstanceUid}  ${s.studyDate ?? '-'}  ${s.modalities.join('/') || '-'}  ${s.patientName ?? '-'} (${s.patientId ?? '-'})  accession ${s.accessionNumber ?? '-'}  ${s.seriesCount ?? '?'} series, ${s.instanceCount ?? '?'} images  ${s.description ?? ''}`);
      }
      ctx.out(`${studies.length} stud${studies.length === 1 ? 'y' : 'ies'} on ${client.url} (as ${client.as})`);
    }
    return 0;
  },
};

export const pacsSeriesCommand: CliCommand = {
  name: 'pacs series',
  summary: 'QIDO-RS: the series of a study',
  usage: `taggan pacs series URL STUDY_UID ${AUTH_USAGE} [--json]`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: authOptions });
    const client = connect(positionals[0], values, this.usage);
    if (!positionals[1]) throw new EngineError('BAD_REQUEST', `give the study's UID; usage: ${this.usage}`);
    const series = await client.searchSeries(positionals[1]);
    if (values.json) ctx.out(JSON.stringify(series));
    else for (const s of series) ctx.out(`${s.seriesInstanceUid}  ${s.modality ?? '-'}  #${s.seriesNumber ?? '-'}  ${s.instanceCount ?? '?'} images  ${s.description ?? ''}`);
    return 0;
  },
};

export const pacsImportCommand: CliCommand = {
  name: 'pacs import',
  summary: 'WADO-RS: import a study\'s series into a workspace (each image committed as it arrives, with where it came from)',
  usage: `taggan pacs import URL --workspace DIR --study UID [--series UID]... ${AUTH_USAGE} [--json]`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { ...authOptions, workspace: { type: 'string' }, study: { type: 'string' }, series: { type: 'string', multiple: true } },
    });
    const client = connect(positionals[0], values, this.usage);
    if (!values.workspace || !values.study) throw new EngineError('BAD_REQUEST', `--workspace DIR and --study UID are required; usage: ${this.usage}`);
    const ws = Workspace.open(values.workspace);
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    try {
      const bar = progressLine(ctx, 'import');
      const r = await importSeries(ws, client, { studyInstanceUid: values.study, seriesInstanceUids: values.series, signal: abort.signal, onProgress: (d, t, m) => bar(d, t, m) });
      bar.end();
      if (values.json) ctx.out(JSON.stringify(r));
      else {
        ctx.out(`imported ${r.added.length} image(s) from ${client.url} into ${ws.dir}; ${r.duplicates.length} already there, ${r.failed.length} failed; ${(r.bytes / 1e6).toFixed(1)} MB in ${r.seconds.toFixed(1)} s (${r.seconds > 0 ? (r.added.length / r.seconds).toFixed(2) : '-'} images/s)`);
        for (const f of r.failed) ctx.err(`failed: ${f.sopInstanceUid ?? '?'}: ${f.code}: ${f.message}`);
      }
      return r.failed.length ? 1 : 0;
    } finally {
      process.off('SIGINT', onSigint);
      ws.close();
    }
  },
};

export const pacsSendCommand: CliCommand = {
  name: 'pacs send',
  summary: 'STOW-RS: send a workspace\'s accepted/edited masks to the server as DICOM SEG (optionally de-identified)',
  usage: `taggan pacs send URL --workspace DIR [--deidentify] [--status accepted,edited] ${AUTH_USAGE} [--json]`,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { ...authOptions, workspace: { type: 'string' }, deidentify: { type: 'boolean' }, status: { type: 'string' } },
    });
    const client = connect(positionals[0], values, this.usage);
    if (!values.workspace) throw new EngineError('BAD_REQUEST', `--workspace DIR is required; usage: ${this.usage}`);
    const statuses = values.status?.split(',').map((s) => s.trim()).filter(Boolean);
    for (const s of statuses ?? []) if (!['proposed', 'accepted', 'edited', 'rejected', 'exported'].includes(s)) throw new EngineError('BAD_REQUEST', `--status: unknown status "${s}"`);
    const ws = Workspace.open(values.workspace);
    try {
      const r = await sendSegs(ws, client, { deidentify: values.deidentify, statuses: statuses as ('accepted' | 'edited')[] | undefined });
      if (values.json) ctx.out(JSON.stringify(r));
      else {
        ctx.out(`sent ${r.stored.length} instance(s) to ${r.url}${r.deidentified ? ' (de-identified first)' : ''}; ${r.failed.length} refused, ${r.skipped.length} image(s) without a SEG`);
        for (const f of r.failed) ctx.err(`refused: ${f.sopInstanceUid}: ${f.reason}`);
        for (const s of r.skipped) ctx.err(`skipped: image ${s.imageId}: ${s.reason}`);
      }
      return r.failed.length ? 1 : 0;
    } finally {
      ws.close();
    }
  },
};

export const pacsCommands: CliCommand[] = [pacsSearchCommand, pacsSeriesCommand, pacsImportCommand, pacsSendCommand];
