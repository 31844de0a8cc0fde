/**
 * Proposals from the supervised segmenter, alone or fused with the weak-label model's. The segmenter's map
 * is P(lesion) at the image's size (the live review re-thresholds it like any map; default cut 0.5), restricted
 * to the lung fields (grown by the prior's margin) when a lung prior is given, as TagGAN's maps are; fused =
 * the union of the segmenter's and TagGAN's masks, with the two models' disagreement as its doubt.
 */
import type { GrayImage } from '../image/grayImage';
import { assertGrayImage } from '../image/grayImage';
import { connectedRegions } from '../../mask/connectedRegions';
import { maskDisagreement } from '../../mask/lesionDoubt';
import { lesionMaskFromProb } from '../../mask/lesionMaskFromProb';
import { resizeMapBilinear } from '../../mask/resizeMapBilinear';
import { meanBinaryEntropy } from '../../mask/lesionDoubt';
import type { ImageProposal } from './proposeImage';
import { applyLungPrior, lungPriorRecord, type LungPrior } from './lungPrior';
import type { SegModel } from '../segmenter/segModel';

export interface SegProposal extends ImageProposal {
  /** How unsure the proposal is, 0..1 (see doubtKind). */
  doubt: number;
  /** entropy: the segmenter's mean binary entropy; disagreement: 1 - Dice between the segmenter's and TagGAN's masks. */
  doubtKind: 'entropy' | 'disagreement';
}

/** The segmenter's P(lesion) on its grid, restricted to the image's lung fields when a prior is given. */
export async function segmenterProbability(seg: SegModel, image: GrayImage, prior: LungPrior | null | undefined): Promise<Float32Array> {
  const prob = await seg.probability(image);
  return prior ? applyLungPrior(prior, image, prob, seg.size) : prob;
}

export async function proposeWithSegmenter(seg: SegModel, image: GrayImage, opts: { threshold?: number; minArea?: number; lungPrior?: LungPrior | null } = {}): Promise<SegProposal> {
  assertGrayImage(image, 'proposeWithSegmenter');
  const { width: W, height: H } = image;
  const t0 = performance.now();
  const prob = await segmenterProbability(seg, image, opts.lungPrior);
  const modelMs = performance.now() - t0;
  const cut = opts.threshold ?? 0.5;
  const mask = lesionMaskFromProb(prob, seg.size, seg.size, W, H, { cut, minArea: opts.minArea });
  const map = W === seg.size && H === seg.size ? prob : resizeMapBilinear(prob, seg.size, seg.size, W, H);
  const { regions } = connectedRegions(mask, W, H, map);
  return {
    width: W, height: H, method: 'segmenter', map, mask, regions, threshold: cut, thresholdMethod: 'manual', modelMs,
    lungPrior: lungPriorRecord(opts.lungPrior), doubt: meanBinaryEntropy(prob), doubtKind: 'entropy',
  };
}

/** Union of the two proposals' masks (same image); the map stays the segmenter's; doubt = their disagreement. */
export function fuseProposals(seg: SegProposal, gan: ImageProposal): SegProposal {
  if (seg.width !== gan.width || seg.height !== gan.height) throw new RangeError(`fuseProposals: ${seg.width}x${seg.height} and ${gan.width}x${gan.height} differ`);
  const mask = new Uint8Array(seg.mask.length);
  for (let i = 0; i < mask.length; i++) mask[i] = seg.mask[i]! | gan.mask[i]!;
  const { regions } = connectedRegions(mask, seg.width, seg.height, seg.map);
  return {
    ...seg, method: 'fused', mask, regions, modelMs: seg.modelMs + gan.modelMs, lungPrior: gan.lungPrior,
    doubt: maskDisagreement(seg.mask, gan.mask), doubtKind: 'disagreement',
  };
}
