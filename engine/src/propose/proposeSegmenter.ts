/**
 * Proposals from the supervised segmenter, alone or fused with the weak-label model's. The segmenter's map
 * is P(lesion) at the image's size (the live review re-thresholds it like any map; default cut 0.5); fused =
 * the union of the segmenter's and TagGAN's masks, with the two models' disagreement as its doubt.
 */
import type { GrayImage } from '../image/grayImage';
import { assertGrayImage } from '../image/grayImage';
import { connectedRegions } from '../../mask/connectedRegions';
import { maskDisagreement } from '../../mask/lesionDoubt';
import { lesionMaskFromProb } from '../../mask/lesionMaskFromProb';
import { resizeMapBilinear } from '../../mask/resizeMapBilinear';
import type { ImageProposal } from './proposeImage';
import type { SegModel } from '../segmenter/segModel';

export interface SegProposal extends ImageProposal {
  /** How unsure the proposal is, 0..1 (see doubtKind). */
  doubt: number;
  /** entropy: the segmenter's mean binary entropy; disagreement: 1 - Dice between the segmenter's and TagGAN's masks. */
  doubtKind: 'entropy' | 'disagreement';
}

export async function proposeWithSegmenter(seg: SegModel, image: GrayImage, opts: { threshold?: number; minArea?: number } = {}): Promise<SegProposal> {
  assertGrayImage(image, 'proposeWithSegmenter');
  const { width: W, height: H } = image;
  const t0 = performance.now();
  const p = await seg.predict(image);
  const modelMs = performance.now() - t0;
  const cut = opts.threshold ?? 0.5;
  const mask = cut === 0.5 && opts.minArea === undefined ? p.mask : lesionMaskFromProb(p.prob, p.size, p.size, W, H, { cut, minArea: opts.minArea });
  const map = W === p.size && H === p.size ? p.prob : resizeMapBilinear(p.prob, p.size, p.size, W, H);
  const { regions } = connectedRegions(mask, W, H, map);
  return {
    width: W, height: H, method: 'segmenter', map, mask, regions, threshold: cut, thresholdMethod: 'manual', modelMs,
    lungPrior: null, doubt: p.doubt, doubtKind: 'entropy',
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
