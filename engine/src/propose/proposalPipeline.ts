/**
 * The one proposal pipeline behind `proposal.run` (the app, methods/model.ts) and `taggan tag` (tagFiles.ts):
 * a run is set up once (method, models, calibration, options), then each image goes through proposeOne; what
 * a proposal records (its params and stats) is written here too. A new proposal method touches this file,
 * the protocol's PROPOSAL_METHODS and the UI.
 */
import type { ProposalMethod, ProposalParams, ProposalStats, RegionSummary, ThresholdOption } from '../../protocol/model';
import { DEFAULT_MIN_THRESHOLD } from '../../mask/proposeMask';
import type { MaskRegion } from '../../mask/types';
import { EngineError } from '../errors';
import type { GrayImage } from '../image/grayImage';
import type { TagGanModel } from '../model/loadModel';
import { readCalibration, type Calibration } from './calibration';
import type { LungPrior } from './lungPrior';
import { modelId } from './modelId';
import { proposeImage, type ImageProposal } from './proposeImage';
import { proposeLungField } from './proposeLungField';
import { borderlineShare } from '../../mask/lesionDoubt';
import { fuseProposals, proposeWithSegmenter } from './proposeSegmenter';
import type { SegModel } from '../segmenter/segModel';

export interface ProposalRunOptions {
  method?: ProposalMethod;
  threshold?: ThresholdOption;
  minArea?: number;
  useCam?: boolean;
  /** The TagGAN model's id when the caller has it (ModelCache); computed from the model otherwise. */
  modelId?: string;
  /** The workspace's supervised segmenter and its id, for the segmenter and fused methods. */
  segmenter?: { model: SegModel; id: string };
}

/** A run, set up once for all its images. */
export interface ProposalRun {
  method: ProposalMethod;
  model: TagGanModel | null;
  prior: LungPrior | null;
  segmenter: { model: SegModel; id: string } | null;
  /**
   * The id recorded with each proposal: the TagGAN model's, the lung model's for the `lungs` method, the
   * segmenter's (segmenter@...), or both joined by '+' when fused.
   */
  id: string;
  /** The TagGAN model's own id (null without one). */
  ganId: string | null;
  calibration: Calibration | undefined;
  threshold: ThresholdOption;
  minArea?: number;
  useCam: boolean;
}

/**
 * Sets up a run. `model` may be null for the `lungs` method only, which needs just the lung model of `prior`;
 * callers check first and say how to get the missing model in their own terms (CLI flag, app panel).
 */
export function setupProposalRun(model: TagGanModel | null, prior: LungPrior | null, opts: ProposalRunOptions = {}): ProposalRun {
  const method = opts.method ?? 'taggan';
  const seg = opts.segmenter ?? null;
  if (method === 'lungs' && !prior) throw new EngineError('MODEL', 'the lungs method needs the lung-field model (models/lungs)');
  if ((method === 'segmenter' || method === 'fused') && !seg) throw new EngineError('MODEL', `the ${method} method needs the workspace's segmenter (train one on accepted masks)`);
  if (method !== 'lungs' && method !== 'segmenter' && !model) throw new EngineError('MODEL', `the ${method} method needs a TagGAN model`);
  const ganId = model ? opts.modelId ?? modelId(model) : null;
  return {
    method, model, prior, segmenter: method === 'segmenter' || method === 'fused' ? seg : null, ganId,
    id: method === 'lungs' ? prior!.id : method === 'segmenter' ? seg!.id : method === 'fused' ? `${seg!.id}+${ganId}` : ganId!,
    calibration: method === 'lungs' || method === 'segmenter' ? undefined : readCalibration(model!.dir),
    threshold: opts.threshold ?? 'auto',
    minArea: opts.minArea,
    useCam: opts.useCam ?? false,
  };
}

/** One image through the run's method: the map, the healthy counterpart (taggan), the mask and its regions, the doubt. */
export async function proposeOne(run: ProposalRun, image: GrayImage): Promise<ImageProposal & { doubt: number; doubtKind: NonNullable<ProposalStats['doubtKind']> }> {
  if (run.method === 'lungs') return withDoubt(await proposeLungField(run.prior!, image));
  const gan = (): Promise<ImageProposal> => proposeImage(run.model!, image, {
    method: run.method === 'fused' ? 'taggan' : run.method, threshold: run.threshold, minArea: run.minArea, useCam: run.useCam,
    minThreshold: run.calibration?.floor, baseline: run.calibration?.baselineMap, lungPrior: run.prior,
  });
  if (run.method === 'segmenter' || run.method === 'fused') {
    const seg = await proposeWithSegmenter(run.segmenter!.model, image, { threshold: typeof run.threshold === 'number' ? run.threshold : undefined, minArea: run.minArea, lungPrior: run.prior });
    return run.method === 'fused' ? fuseProposals(seg, await gan()) : seg;
  }
  return withDoubt(await gan());
}

/** A map without probabilities: its doubt is how much of it hangs on the threshold. */
function withDoubt(pr: ImageProposal): ImageProposal & { doubt: number; doubtKind: 'borderline' } {
  return { ...pr, doubt: pr.threshold !== null && pr.threshold > 0 ? borderlineShare(pr.map, pr.threshold) : 0, doubtKind: 'borderline' };
}

/** What a proposal's map is, per method (taggan's depends on its calibration). */
const MAP_MEANING: Partial<Record<ProposalMethod, string>> = {
  lungs: 'lung-field probability (the lung model)',
  gradcam: 'Grad-CAM heat',
  segmenter: 'P(lesion) from the workspace segmenter',
  fused: 'P(lesion) from the workspace segmenter (mask: union with TagGAN\'s)',
};

/** Foreground pixels of a 0/1 mask. */
export function maskPixels(mask: Uint8Array): number {
  let area = 0;
  for (let k = 0; k < mask.length; k++) area += mask[k]!;
  return area;
}

/** Regions as the protocol reports them. */
export function regionSummaries(regions: MaskRegion[]): RegionSummary[] {
  return regions.map((r) => ({ id: r.id, bbox: r.bbox, area: r.area, score: r.score }));
}

/** What the stored proposal records it was made with. */
export function proposalParams(run: ProposalRun, pr: ImageProposal): ProposalParams {
  const c = run.calibration;
  return {
    method: pr.method, threshold: run.segmenter && typeof run.threshold !== 'number' ? 0.5 : run.threshold, minArea: run.minArea ?? null, useCam: run.useCam,
    map: MAP_MEANING[pr.method] ?? (c?.baseline ? 'positive part of x - healthy, minus the model\'s per-pixel normal baseline' : 'positive part of x - healthy'),
    calibratedFloor: c?.floor ?? null, lungPrior: pr.lungPrior, calibrationLungPrior: c ? c.lungPrior ?? null : null,
    ...(run.segmenter ? { segmenter: run.segmenter.id } : {}), ...(run.segmenter && run.ganId ? { taggan: run.ganId } : {}),
  };
}

/** What the stored proposal records it came out as. */
export function proposalStats(pr: ImageProposal & { doubt?: number; doubtKind?: ProposalStats['doubtKind'] }): ProposalStats {
  return {
    regions: regionSummaries(pr.regions), probability: pr.probability ?? null, modelMs: Math.round(pr.modelMs), thresholdMethod: pr.thresholdMethod, belowFloor: pr.threshold === null,
    ...(pr.doubt !== undefined ? { doubt: pr.doubt, doubtKind: pr.doubtKind } : {}),
  };
}

/** The threshold a proposal is stored with: no map value above the floor gives an empty mask, recorded with that floor. */
export function storedThreshold(run: ProposalRun, pr: ImageProposal): number {
  return pr.threshold ?? run.calibration?.floor ?? DEFAULT_MIN_THRESHOLD;
}
