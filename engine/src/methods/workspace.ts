/**
 * Workspace methods: one open workspace per engine process, closed on shutdown. Every edit is acknowledged
 * only after its SQLite transaction committed (the Workspace API is synchronous and commits per call).
 */
import { isAbsolute } from 'node:path';
import { array, boolean, number, object, oneOf, optional, string, typedArray } from '../../protocol/schema';
import { ANNOTATION_STATUSES, EXPORT_FORMAT_NAMES, IMAGE_STATUSES, MAX_LABEL_CLASSES } from '../../protocol/workspace';
import type { Registry } from '../core/registry';
import { EngineError } from '../errors';
import { exportWorkspace } from '../export/exportWorkspace';
import { Workspace } from '../workspace/workspace';

const MAX_PIXELS = 16384 * 16384;
/** A clinician saves accepted/edited/rejected; `exported` is recorded by the export itself. */
const SAVABLE_STATUSES = ANNOTATION_STATUSES.filter((s) => s !== 'exported') as Exclude<(typeof ANNOTATION_STATUSES)[number], 'exported'>[];

/** Holds the engine's open workspace. */
export class WorkspaceSession {
  private ws: Workspace | undefined;

  open(dir: string, create: boolean, actor?: string, readOnly?: boolean): Workspace {
    this.close();
    this.ws = create ? Workspace.init(dir, { actor }) : Workspace.open(dir, { actor, readOnly });
    return this.ws;
  }

  get current(): Workspace {
    if (!this.ws) throw new EngineError('WORKSPACE', 'no workspace is open: open or create one first');
    return this.ws;
  }

  /** The open workspace's folder, if one is open. */
  get currentDir(): string | undefined {
    return this.ws?.dir;
  }

  close(): void {
    this.ws?.close();
    this.ws = undefined;
  }
}

export function registerWorkspaceMethods(reg: Registry, session: WorkspaceSession): void {
  const id = number({ int: true, min: 1 });
  reg.add(
    'workspace.open',
    object({ dir: string({ minLength: 1 }), create: optional(boolean()), actor: optional(string({ maxLength: 200 })), readOnly: optional(boolean()) }),
    (p) => {
      // A relative path would be resolved against the engine process's working folder, which the client does not
      // know (and which differs between the desktop app, the web host and tests): refused, typed.
      if (!isAbsolute(p.dir)) throw new EngineError('BAD_REQUEST', `workspace.open needs an absolute folder path, not "${p.dir}"`, p.dir);
      return session.open(p.dir, p.create ?? false, p.actor, p.readOnly).status();
    },
  );
  reg.add('workspace.close', object({}), () => {
    session.close();
    return { ok: true as const };
  });
  reg.add('workspace.status', object({}), () => session.current.status());
  reg.add('workspace.add', object({ paths: array(string({ minLength: 1 }), { max: 100_000 }) }), async (p, ctx) => {
    const relative = p.paths.find((x) => !isAbsolute(x));
    if (relative !== undefined) throw new EngineError('BAD_REQUEST', `workspace.add needs absolute paths, not "${relative}"`, relative);
    return session.current.addImages(p.paths, (done, total, path) => ctx.progress({ stage: 'adding', done, total, unit: 'files', message: path }));
  });
  // Labels are checked against the open workspace's class list by the store (classes are configurable).
  const label = string({ minLength: 1, maxLength: 64 });
  reg.add('workspace.images', object({ status: optional(oneOf(IMAGE_STATUSES)), label: optional(label) }), (p) =>
    session.current.listImages({ status: p.status ? [p.status] : undefined, label: p.label ? [p.label] : undefined }),
  );
  reg.add('workspace.imageSource', object({ imageId: id }), (p) => session.current.imageSource(p.imageId));
  reg.add('workspace.label', object({ imageId: id, label }), (p) => session.current.setLabel(p.imageId, p.label));
  reg.add('workspace.labels', object({ labels: array(label, { max: MAX_LABEL_CLASSES }) }), (p) => {
    session.current.setLabelClasses(p.labels);
    return session.current.status();
  });
  reg.add('workspace.audit', object({ imageId: optional(id), limit: optional(number({ int: true, min: 1, max: 100_000 })) }), (p) =>
    session.current.auditLog({ imageId: p.imageId, limit: p.limit }),
  );
  reg.add('proposal.latest', object({ imageId: id, withMap: optional(boolean()) }), (p) => {
    const r = session.current.latestProposal(p.imageId, { withMap: p.withMap ?? false });
    if (!r) return null;
    return { record: r.record, mask: { width: r.mask.width, height: r.mask.height, data: r.mask.data }, ...(r.map ? { map: r.map.data } : {}) };
  });
  reg.add(
    'annotation.save',
    object({
      imageId: id,
      width: number({ int: true, min: 1, max: 16384 }),
      height: number({ int: true, min: 1, max: 16384 }),
      mask: typedArray(Uint8Array, { maxLength: MAX_PIXELS }),
      status: oneOf(SAVABLE_STATUSES),
      proposalId: optional(id),
      note: optional(string({ maxLength: 2000 })),
    }),
    (p) => {
      if (p.mask.length !== p.width * p.height) throw new EngineError('BAD_REQUEST', `annotation.save: mask has ${p.mask.length} values, expected ${p.width}x${p.height}`);
      return session.current.saveAnnotation({
        imageId: p.imageId,
        mask: { width: p.width, height: p.height, data: p.mask },
        status: p.status,
        proposalId: p.proposalId,
        note: p.note,
      });
    },
  );
  reg.add('annotation.latest', object({ imageId: id }), (p) => {
    const r = session.current.latestAnnotation(p.imageId);
    return r ? { record: r.record, mask: { width: r.mask.width, height: r.mask.height, data: r.mask.data } } : null;
  });
  reg.add(
    'export.run',
    object({
      outDir: string({ minLength: 1 }),
      formats: array(oneOf(EXPORT_FORMAT_NAMES), { max: 4 }),
      statuses: optional(array(oneOf(IMAGE_STATUSES), { max: 6 })),
      deidentify: optional(boolean()),
      markExported: optional(boolean()),
    }),
    (p, ctx) => {
      if (p.formats.length === 0) throw new EngineError('BAD_REQUEST', 'export.run: choose at least one format');
      return exportWorkspace(session.current, {
        outDir: p.outDir,
        formats: p.formats,
        statuses: p.statuses,
        deidentify: p.deidentify,
        markExported: p.markExported,
        onProgress: (done, total) => ctx.progress({ stage: 'exporting', done, total, unit: 'images' }),
      });
    },
  );
}
