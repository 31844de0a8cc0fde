/** pacs.*: DICOMweb search, import and send behind the engine protocol; credentials stay in PacsSession. */
import { array, boolean, number, object, oneOf, optional, string, type Schema } from '../../protocol/schema';
import type { PacsAuth } from '../../protocol/pacs';
import { IMAGE_STATUSES } from '../../protocol/workspace';
import type { Registry } from '../core/registry';
import { SchemaError } from '../../protocol/schema';
import { importSeries } from '../pacs/importSeries';
import { PacsSession } from '../pacs/pacsSession';
import { sendSegs } from '../pacs/sendSegs';
import type { WorkspaceSession } from './workspace';

const uid = string({ minLength: 1, maxLength: 64, pattern: /^[0-9.]+$/ });
const field = optional(string({ maxLength: 200 }));

const authSchema: Schema<PacsAuth> = {
  parse(x, path = 'auth') {
    const kind = (x as { kind?: unknown } | null)?.kind;
    if (kind === 'none') return object({ kind: oneOf(['none'] as const) }).parse(x, path);
    if (kind === 'basic') return object({ kind: oneOf(['basic'] as const), user: string({ minLength: 1, maxLength: 256 }), password: string({ maxLength: 1024 }) }).parse(x, path);
    if (kind === 'bearer') return object({ kind: oneOf(['bearer'] as const), token: string({ minLength: 1, maxLength: 8192 }) }).parse(x, path);
    throw new SchemaError(`${path}.kind`, 'expected one of none, basic, bearer');
  },
};

export function registerPacsMethods(reg: Registry, workspace: WorkspaceSession, pacs = new PacsSession()): void {
  reg.add('pacs.connect', object({ url: string({ minLength: 1, maxLength: 2048 }), auth: optional(authSchema), timeoutMs: optional(number({ int: true, min: 100, max: 600_000 })) }), (p, ctx) =>
    pacs.connect(p, ctx.signal),
  );
  reg.add('pacs.status', object({}), () => pacs.status());
  reg.add('pacs.disconnect', object({}), () => pacs.disconnect());
  reg.add(
    'pacs.searchStudies',
    object({ patientName: field, patientId: field, studyDate: field, modality: optional(string({ maxLength: 16 })), accessionNumber: field, limit: optional(number({ int: true, min: 1, max: 1000 })) }),
    (p, ctx) => pacs.current.searchStudies(p, ctx.signal),
  );
  reg.add('pacs.series', object({ studyInstanceUid: uid }), (p, ctx) => pacs.current.searchSeries(p.studyInstanceUid, ctx.signal));
  reg.add('pacs.import', object({ studyInstanceUid: uid, seriesInstanceUids: optional(array(uid, { max: 10_000 })) }), (p, ctx) =>
    importSeries(workspace.current, pacs.current, {
      studyInstanceUid: p.studyInstanceUid, seriesInstanceUids: p.seriesInstanceUids, signal: ctx.signal,
      onProgress: (done, total, message) => ctx.progress({ stage: 'importing', done, total, unit: 'images', message }),
    }),
  );
  reg.add('pacs.send', object({ deidentify: optional(boolean()), statuses: optional(array(oneOf(IMAGE_STATUSES), { max: 6 })) }), (p, ctx) =>
    sendSegs(workspace.current, pacs.current, {
      deidentify: p.deidentify, statuses: p.statuses, signal: ctx.signal,
      onProgress: (done, total, stage) => ctx.progress({ stage, done, total, unit: 'files' }),
    }),
  );
}
