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

export interface ProposalRunOptions {
  method?: ProposalMethod;
  threshold?: ThresholdOption;
  minArea?: number;
  useCam?: boolean;
  /** The TagGAN model's id when the caller has it (ModelCache); computed from the model otherwise. */
  modelId?: string;
}

/** A run, set up once for all its images. */
export interface ProposalRun {
  method: ProposalMethod;
  model: TagGanModel | null;
  prior: LungPrior | null;
  /** The id recorded with each proposal: the TagGAN model's, or the lung model's for the `lungs` method. */
  id: string;
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
  if (method === 'lungs' && !prior) throw new EngineError('MODEL', 'the lungs method needs the lung-field model (models/lungs)');
  if (method !== 'lungs' && !model) throw new EngineError('MODEL', `the ${method} method needs a TagGAN model`);
  return {
    method, model, prior,
    id: method === 'lungs' ? prior!.id : opts.modelId ?? modelId(model!),
    calibration: method === 'lungs' ? undefined : readCalibration(model!.dir),
    threshold: opts.threshold ?? 'auto',
    minArea: opts.minArea,
    useCam: opts.useCam ?? false,
  };
}

/** One image through the run's method: the map, the healthy counterpart (taggan), the mask and its regions. */
export function proposeOne(run: ProposalRun, image: GrayImage): Promise<ImageProposal> {
  if (run.method === 'lungs') return proposeLungField(run.prior!, image);
  return proposeImage(run.model!, image, {
    method: run.method, threshold: run.threshold, minArea: run.minArea, useCam: run.useCam,
    minThreshold: run.calibration?.floor, baseline: run.calibration?.baselineMap, lungPrior: run.prior,
  });
}

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
    method: pr.method, threshold: run.threshold, minArea: run.minArea ?? null, useCam: run.useCam,
    map: pr.method === 'lungs' ? 'lung-field probability (the lung model)' : pr.method === 'gradcam' ? 'Grad-CAM heat' : c?.baseline ? 'positive part of x - healthy, minus the model\'s per-pixel normal baseline' : 'positive part of x - healthy',
    calibratedFloor: c?.floor ?? null, lungPrior: pr.lungPrior, calibrationLungPrior: c ? c.lungPrior ?? null : null,
  };
}

/** What the stored proposal records it came out as. */
export function proposalStats(pr: ImageProposal): ProposalStats {
  return { regions: regionSummaries(pr.regions), probability: pr.probability ?? null, modelMs: Math.round(pr.modelMs), thresholdMethod: pr.thresholdMethod, belowFloor: pr.threshold === null };
}

/** The threshold a proposal is stored with: no map value above the floor gives an empty mask, recorded with that floor. */
export function storedThreshold(run: ProposalRun, pr: ImageProposal): number {
  return pr.threshold ?? run.calibration?.floor ?? DEFAULT_MIN_THRESHOLD;
}
