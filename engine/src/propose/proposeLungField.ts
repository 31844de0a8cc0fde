import type { GrayImage } from '../image/grayImage';
import { assertGrayImage } from '../image/grayImage';
import { connectedRegions } from '../../mask/connectedRegions';
import { lungMaskFromProb } from '../../mask/lungMaskFromProb';
import { resizeMapBilinear } from '../../mask/resizeMapBilinear';
import type { LungPrior } from './lungPrior';
import type { ImageProposal } from './proposeImage';

/**
 * The whole-lung baseline proposal: the mask is the lung field itself (the lung model's mask at the image's
 * own size), the map its probability. What a weak-label method must beat to be worth a clinician's time.
 * The prior's margin is not used (the field is proposed as drawn).
 */
export async function proposeLungField(prior: LungPrior, image: GrayImage): Promise<ImageProposal> {
  assertGrayImage(image, 'proposeLungField');
  const { width: W, height: H } = image;
  const S = prior.model.size;
  const t0 = performance.now();
  const prob = await prior.model.probability(image);
  const modelMs = performance.now() - t0;
  const mask = lungMaskFromProb(prob, S, S, W, H);
  const map = W === S && H === S ? prob : resizeMapBilinear(prob, S, S, W, H);
  const { regions } = connectedRegions(mask, W, H, map);
  return {
    width: W, height: H, method: 'lungs', map, mask, regions, threshold: 0.5, thresholdMethod: 'manual', modelMs,
    lungPrior: { model: prior.id, margin: 0 },
  };
}
