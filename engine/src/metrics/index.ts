/** Metrics of proposed masks against truth masks or boxes: pure functions, plus the eval-set loader. */
export type { ImageMetrics, OverlapCounts, SetMetrics, TruthBox } from './types';
export { overlapCounts } from './overlapCounts';
export { poi } from './poi';
export { iou } from './iou';
export { dice } from './dice';
export { boxesToMask } from './boxesToMask';
export { boxHits } from './boxHits';
export { flaggedArea } from './flaggedArea';
export { pixelChangeRate } from './pixelChangeRate';
export { diffGradCam } from './diffGradCam';
export { evaluateImage, type EvaluateImageInput } from './evaluateImage';
export { aggregateMetrics } from './aggregateMetrics';
export { loadEvalSet, PRED_SUFFIX, type EvalSet } from './loadEvalSet';
export { readMaskPng, type MaskFile } from './readMaskPng';
