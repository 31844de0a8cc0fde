/** Mask post-processing: pure functions on typed arrays (masks Uint8Array 0/1, maps Float32Array, row-major). */
export type { Box, MaskRegion, RegionsResult } from './types';
export { thresholdMask } from './thresholdMask';
export { otsuThreshold, type OtsuOptions } from './otsuThreshold';
export { tbvaThreshold, type TbvaThresholdOptions, type TbvaThresholdResult } from './tbvaThreshold';
export { camRegion } from './camRegion';
export { erode } from './erode';
export { dilate } from './dilate';
export { openMask } from './openMask';
export { closeMask } from './closeMask';
export { connectedRegions } from './connectedRegions';
export { removeIslands } from './removeIslands';
export { fillHoles } from './fillHoles';
export { maskFromRegions } from './maskFromRegions';
export { resizeMaskNearest } from './resizeMaskNearest';
export { resizeMapBilinear } from './resizeMapBilinear';
export { paintDisc, type BrushLimit, type PaintResult } from './paintDisc';
export { eraseDisc } from './eraseDisc';
export { proposeMask, DEFAULT_MIN_THRESHOLD, type ProposeMaskOptions, type ProposeMaskResult } from './proposeMask';
