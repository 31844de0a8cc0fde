/**
 * Runs a model on workspace images and stores each proposal (AI-original mask + disease map) with what made it:
 * the loop behind the engine's `proposal.run` and the sample workspace. One image's failure is reported and the
 * rest go on; a cancel stops between images (what was stored stays).
 */
import type { ProposalMethod, ProposalRunResult, ThresholdOption } from '../../protocol/model';
import { EngineError, throwIfCancelled, toErrorPayload } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import type { LungModelCache } from '../lungs/lungModelCache';
import { DEFAULT_MIN_THRESHOLD } from '../mask/proposeMask';
import { initBackend } from '../tf/backends';
import type { Workspace } from '../workspace/workspace';
import { readCalibration } from './calibration';
import { DEFAULT_LUNG_MARGIN, resolveLungModelDir, type LungPrior } from './lungPrior';
import type { ModelCache } from './modelCache';
import { proposeImage } from './proposeImage';
import { proposeLungField } from './proposeLungField';
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
  // The lung prior (on by default when models/lungs is installed); the lungs method is the field itself.
  const lungDir = p.lungPrior !== false || p.method === 'lungs' ? resolveLungModelDir() : undefined;
  if (p.method === 'lungs' && !lungDir) throw new EngineError('MODEL', 'the lungs method needs the lung-field model (models/lungs); train one with `taggan train-lungs`');
  let prior: LungPrior | null = null;
  if (lungDir) {
    await initBackend(p.backend);
    const l = caches.lungs.get(lungDir);
    prior = { model: l.model, id: l.id, margin: p.lungMargin ?? DEFAULT_LUNG_MARGIN };
  }
  const gan = p.method === 'lungs' ? null : await loadProposalModel(caches, p.modelDir, ws.dir, p.backend);
  const id = gan ? gan.id : prior!.id;
  const calibration = gan ? readCalibration(gan.dir) : undefined;
  const result: ProposalRunResult = { model: id, proposals: [], failed: [] };
  for (let i = 0; i < p.imageIds.length; i++) {
    throwIfCancelled(p.signal);
    const imageId = p.imageIds[i]!;
    p.onProgress?.(i, p.imageIds.length, imageId);
    try {
      const image = ws.getImage(imageId);
      if (!image) throw new EngineError('NOT_FOUND', `no image ${imageId} in this workspace`);
      const gray = await loadGrayImage(image.path);
      const pr = gan
        ? await proposeImage(gan.model, gray, { method: p.method, threshold: p.threshold, minArea: p.minArea, useCam: p.useCam, minThreshold: calibration?.floor, baseline: calibration?.baselineMap, lungPrior: prior })
        : await proposeLungField(prior!, gray);
      let area = 0;
      for (let k = 0; k < pr.mask.length; k++) area += pr.mask[k]!;
      const regions = pr.regions.map((r) => ({ id: r.id, bbox: r.bbox, area: r.area, score: r.score }));
      // No map value above the floor: an empty mask, recorded with the floor it stayed under.
      const threshold = pr.threshold ?? calibration?.floor ?? DEFAULT_MIN_THRESHOLD;
      const rec = ws.saveProposal({
        imageId, modelId: id, threshold,
        mask: { width: pr.width, height: pr.height, data: pr.mask },
        map: { width: pr.width, height: pr.height, data: pr.map },
        stats: { regions, probability: pr.probability ?? null, modelMs: Math.round(pr.modelMs), thresholdMethod: pr.thresholdMethod, belowFloor: pr.threshold === null },
        params: { method: pr.method, threshold: p.threshold ?? 'auto', minArea: p.minArea ?? null, useCam: p.useCam ?? false, map: pr.method === 'lungs' ? 'lung-field probability (the lung model)' : pr.method === 'gradcam' ? 'Grad-CAM heat' : calibration?.baseline ? 'positive part of x - healthy, minus the model\'s per-pixel normal baseline' : 'positive part of x - healthy', calibratedFloor: calibration?.floor ?? null, lungPrior: pr.lungPrior, calibrationLungPrior: calibration ? calibration.lungPrior ?? null : null },
      });
      result.proposals.push({ imageId, proposalId: rec.id, threshold: pr.threshold, maskArea: area, regions, ...(pr.probability !== undefined ? { probability: pr.probability } : {}) });
    } catch (err) {
      if (err instanceof EngineError && err.code === 'CANCELLED') throw err;
      const e = toErrorPayload(err);
      result.failed.push({ imageId, code: e.code, message: e.message });
    }
  }
  return result;
}
