import type { ProposalMethod, ThresholdMethod, ThresholdOption } from '../../protocol/model';
import { EngineError } from '../errors';
import { resizeGray } from '../image/resizeGray';
import type { GrayImage } from '../image/grayImage';
import { assertGrayImage } from '../image/grayImage';
import { proposeMask, type ProposeMaskOptions, type ProposeMaskResult } from '../../mask/proposeMask';
import { resizeMapBilinear } from '../../mask/resizeMapBilinear';
import type { MaskRegion } from '../../mask/types';
import type { TagGanModel } from '../model/loadModel';
import type { LungPriorRecord } from '../../protocol/model';
import { applyLungPrior, lungPriorRecord, type LungPrior } from './lungPrior';
import { excessOverBaseline } from './normalBaseline';
import { positiveMap } from './positiveMap';

export type { ProposalMethod };

// The mask package spells the threshold option and method itself (it imports nothing outside itself); the
// compiler holds them equal to the protocol's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const THRESHOLD_TYPES_AGREE: Same<ThresholdOption, ProposeMaskOptions['threshold']> & Same<ThresholdMethod, ProposeMaskResult['method']> = true;

export interface ProposeImageOptions {
  method?: ProposalMethod;
  threshold?: ThresholdOption;
  minArea?: number;
  /**
   * Restrict the threshold and the mask to the classifier's Grad-CAM region (TBVA-GAN). Off by default:
   * a weakly trained classifier's CAM can miss the lesions (measured on phantoms: lower Dice with it).
   */
  useCam?: boolean;
  /** Floor of the automatic thresholds (map units), e.g. from the model's calibration on normal images. */
  minThreshold?: number;
  /**
   * The model's per-pixel normal baseline (model size x size, from its calibration): the taggan map becomes
   * the excess over it, max(0, map - baseline), before it is brought to the image's resolution.
   */
  baseline?: Float32Array;
  /**
   * The lung-field prior: the map (taggan: after the baseline; gradcam: the heat) is kept only inside the lung
   * fields grown by the prior's margin, on the model's grid, before thresholding. Null/absent: no prior.
   */
  lungPrior?: LungPrior | null;
}

export interface ImageProposal {
  width: number;
  height: number;
  method: ProposalMethod;
  /** What was thresholded, at the input's resolution: the disease map (taggan) or the Grad-CAM heat (gradcam). */
  map: Float32Array;
  /** Healthy counterpart at the input's resolution (taggan only). */
  healthy?: Float32Array;
  /** Grad-CAM heat at the input's resolution, when the model has a classifier. */
  cam?: Float32Array;
  mask: Uint8Array;
  regions: MaskRegion[];
  threshold: number | null;
  thresholdMethod: ThresholdMethod;
  /** P(abnormal) from the auxiliary classifier, when present. */
  probability?: number;
  modelMs: number;
  /** The lung prior the map was restricted with (null: none). */
  lungPrior: LungPriorRecord | null;
}

/**
 * One image through the model and the mask pipeline: resize to the model's input, predict the disease map
 * (and Grad-CAM), bring them back to the image's own resolution, threshold into scored regions.
 */
export async function proposeImage(model: TagGanModel, image: GrayImage, opts: ProposeImageOptions = {}): Promise<ImageProposal> {
  assertGrayImage(image, 'proposeImage');
  const method = opts.method ?? 'taggan';
  if (method === 'lungs') throw new EngineError('BAD_REQUEST', 'the lungs method needs no TagGAN model: use proposeLungField');
  const S = model.size;
  const { width: W, height: H } = image;
  const small = resizeGray(image, S, S, 'auto');
  const t0 = performance.now();
  const camSmall = model.hasClassifier ? await model.gradCam(small) : undefined;
  const probability = model.hasClassifier ? await model.classify(small) : undefined;
  let mapSmall: Float32Array;
  let healthySmall: Float32Array | undefined;
  if (method === 'gradcam') {
    if (!camSmall) throw new EngineError('MODEL', 'this model has no classifier, so it has no Grad-CAM baseline', model.dir);
    mapSmall = camSmall;
  } else {
    const p = await model.predict(small);
    mapSmall = positiveMap(p.signedMap);
    if (opts.baseline) {
      if (opts.baseline.length !== S * S) throw new EngineError('MODEL', `the normal baseline has ${opts.baseline.length} values, the model's maps ${S}x${S}: recalibrate the model`, model.dir);
      mapSmall = excessOverBaseline(mapSmall, opts.baseline);
    }
    healthySmall = p.healthy;
  }
  if (opts.lungPrior) mapSmall = await applyLungPrior(opts.lungPrior, image, mapSmall, S);
  const modelMs = performance.now() - t0;
  const up = (a: Float32Array) => (W === S && H === S ? a : resizeMapBilinear(a, S, S, W, H));
  const map = up(mapSmall);
  const cam = camSmall ? up(camSmall) : undefined;
  const r = proposeMask(map, W, H, {
    threshold: opts.threshold ?? 'auto',
    minArea: opts.minArea,
    minThreshold: method === 'taggan' ? opts.minThreshold : undefined,
    // With useCam, the threshold is TBVA-GAN's (inside the classifier's Grad-CAM region) and the mask stays in
    // that region; without it the same rule runs over the whole map. The Grad-CAM baseline is the heat itself.
    cam: method === 'taggan' && opts.useCam ? cam : undefined,
  });
  return {
    width: W, height: H, method, map,
    ...(healthySmall ? { healthy: up(healthySmall) } : {}),
    ...(cam ? { cam } : {}),
    mask: r.mask, regions: r.regions, threshold: r.threshold, thresholdMethod: r.method,
    ...(probability !== undefined ? { probability } : {}),
    modelMs, lungPrior: lungPriorRecord(opts.lungPrior),
  };
}
