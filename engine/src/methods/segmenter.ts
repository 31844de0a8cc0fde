/**
 * seg.info, seg.train and workspace.proposalModel: the supervised segmenter a workspace trains on its
 * clinicians' masks, and which model the workspace's proposals come from.
 */
import { boolean, number, object, oneOf, optional } from '../../protocol/schema';
import { PROPOSAL_MODEL_CHOICES } from '../../protocol/workspace';
import type { Registry } from '../core/registry';
import { EngineError } from '../errors';
import { segmenterSummary } from '../segmenter/segmenterSummary';
import { trainWorkspaceSegmenter, workspaceSegmenterDir } from '../segmenter/trainWorkspaceSegmenter';
import { initBackend } from '../tf/backends';
import { resolveLungModelDir } from '../propose/lungPrior';
import type { WorkspaceSession } from './workspace';

export function registerSegmenterMethods(reg: Registry, session: WorkspaceSession, opts: { backend?: string }): void {
  const current = () => {
    const dir = workspaceSegmenterDir(session.current.dir);
    return dir ? segmenterSummary(dir) : null;
  };

  reg.add('seg.info', object({}), async () => current());

  reg.add(
    'workspace.proposalModel',
    object({ choice: optional(oneOf(PROPOSAL_MODEL_CHOICES)) }),
    async (p) => {
      const ws = session.current;
      if (p.choice !== undefined) {
        if (p.choice !== 'taggan' && !current()) throw new EngineError('MODEL', 'no segmenter in this workspace yet: train one on accepted masks first (Training panel, "Train segmenter")');
        ws.setProposalModel(p.choice);
      }
      return { choice: ws.proposalModel(), segmenter: current() };
    },
  );

  reg.add(
    'seg.train',
    object({
      steps: optional(number({ int: true, min: 1, max: 1_000_000 })),
      softWeight: optional(number({ min: 0, max: 1 })),
      resume: optional(boolean()),
    }),
    async (p, ctx) => {
      const ws = session.current;
      await initBackend(opts.backend);
      const t0 = Date.now();
      const r = await trainWorkspaceSegmenter(ws, {
        config: { steps: p.steps }, softWeight: p.softWeight, initFrom: resolveLungModelDir(), resume: p.resume, signal: ctx.signal,
        onProgress: (pr) => {
          if (pr.stage === 'loading') ctx.progress({ stage: 'loading images and masks', done: pr.step, total: pr.total, unit: 'images' });
          else ctx.progress({
            stage: pr.stage, done: pr.step, total: pr.total, unit: 'steps',
            data: { step: pr.step, totalSteps: pr.total, losses: { ...(pr.train?.losses ?? {}) }, imagesPerSec: pr.train?.imagesPerSec ?? 0, etaSec: pr.train?.etaSec ?? 0 },
          });
        },
      });
      return { segmenter: segmenterSummary(r.dir), previous: r.previous ?? null, skipped: r.skipped, seconds: Math.round((Date.now() - t0) / 1000) };
    },
  );
}
