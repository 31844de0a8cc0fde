/**
 * Runs a model on workspace images and stores each proposal (AI-original mask + disease map) with what made it:
 * the loop behind the engine's `proposal.run` and the sample workspace. One image's failure is reported and the
 * rest go on; a cancel stops between images (what was stored stays).
 */
import type { ProposalMethod, ProposalRunResult, ThresholdOption } from '../../protocol/model';
import { EngineError, throwIfCancelled, toErrorPayload } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import type { LungModelCache } from '../lungs/lungModelCache';
import { initBackend } from '../tf/backends';
import type { Workspace } from '../workspace/workspace';
import { DEFAULT_LUNG_MARGIN, resolveLungModelDir, type LungPrior } from './lungPrior';
import type { ModelCache } from './modelCache';
import { maskPixels, proposalParams, proposalStats, proposeOne, regionSummaries, setupProposalRun, storedThreshold } from './proposalPipeline';
import { loadSegModel } from '../segmenter/segModel';
import { segmenterId } from '../segmenter/segmenterSummary';
import { workspaceSegmenterDir } from '../segmenter/trainWorkspaceSegmenter';
import { resolveModelDir } from './resolveModelDir';

export interface ProposerCaches {
  models: ModelCache;
  lungs: LungModelCache;
}

export interface ProposeWorkspaceOptions {
  imageIds: number[];
  method?: ProposalMethod;
  threshold?: ThresholdOption;
  minArea?: number;
  useCam?: boolean;
  modelDir?: string;
  /** Restrict the map to the lung fields (default true when a lung model is installed). */
  lungPrior?: boolean;
  lungMargin?: number;
  backend?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, imageId: number) => void;
}

/** The TagGAN model a proposal uses: `asked`, else the workspace's latest trained model, else models/default. */
export async function loadProposalModel(caches: ProposerCaches, asked: string | undefined, workspaceDir: string | undefined, backend?: string) {
  const dir = resolveModelDir(asked, workspaceDir);
  if (!dir) throw new EngineError('MODEL', 'no model yet: train one on this workspace (Training panel / train.start) or install the default model in models/default');
  await initBackend(backend);
  return { dir, ...caches.models.get(dir) };
}

export async function proposeWorkspaceImages(ws: Workspace, caches: ProposerCaches, p: ProposeWorkspaceOptions): Promise<ProposalRunResult> {
  // No method named: the workspace's choice of model (TagGAN unless the user picked the segmenter).
  const method = p.method ?? ws.proposalModel();
  const segDir = method === 'segmenter' || method === 'fused' ? workspaceSegmenterDir(ws.dir) : undefined;
  if ((method === 'segmenter' || method === 'fused') && !segDir) throw new EngineError('MODEL', 'no segmenter in this workspace yet: train one on accepted masks first (Training panel, "Train segmenter" / taggan train-seg)');
  // The lung prior (on by default when models/lungs is installed); the lungs method is the field itself.
  const lungDir = method !== 'segmenter' && (p.lungPrior !== false || method === 'lungs') ? resolveLungModelDir() : undefined;
  if (method === 'lungs' && !lungDir) throw new EngineError('MODEL', 'the lungs method needs the lung-field model (models/lungs); train one with `taggan train-lungs`');
  let prior: LungPrior | null = null;
  if (lungDir) {
    await initBackend(p.backend);
    const l = caches.lungs.get(lungDir);
    prior = { model: l.model, id: l.id, margin: p.lungMargin ?? DEFAULT_LUNG_MARGIN };
  }
  const gan = method === 'lungs' || method === 'segmenter' ? null : await loadProposalModel(caches, p.modelDir, ws.dir, p.backend);
  if (segDir) await initBackend(p.backend);
  const seg = segDir ? loadSegModel(segDir) : null;
  try {
    const run = setupProposalRun(gan?.model ?? null, prior, {
      method, threshold: p.threshold, minArea: p.minArea, useCam: p.useCam, modelId: gan?.id,
      ...(seg ? { segmenter: { model: seg, id: segmenterId(seg.dir, seg.metadata) } } : {}),
    });
    const result: ProposalRunResult = { model: run.id, proposals: [], failed: [] };
    for (let i = 0; i < p.imageIds.length; i++) {
      throwIfCancelled(p.signal);
      const imageId = p.imageIds[i]!;
      p.onProgress?.(i, p.imageIds.length, imageId);
      try {
        const image = ws.getImage(imageId);
        if (!image) throw new EngineError('NOT_FOUND', `no image ${imageId} in this workspace`);
        const pr = await proposeOne(run, await loadGrayImage(image.path));
        const rec = ws.saveProposal({
          imageId, modelId: run.id, threshold: storedThreshold(run, pr),
          mask: { width: pr.width, height: pr.height, data: pr.mask },
          map: { width: pr.width, height: pr.height, data: pr.map },
          stats: proposalStats(pr),
          params: proposalParams(run, pr),
        });
        result.proposals.push({ imageId, proposalId: rec.id, threshold: pr.threshold, maskArea: maskPixels(pr.mask), regions: regionSummaries(pr.regions), ...(pr.probability !== undefined ? { probability: pr.probability } : {}) });
      } catch (err) {
        if (err instanceof EngineError && err.code === 'CANCELLED') throw err;
        const e = toErrorPayload(err);
        result.failed.push({ imageId, code: e.code, message: e.message });
      }
    }
    return result;
  } finally {
    seg?.dispose();
  }
}
