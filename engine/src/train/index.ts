/** Weak-label TagGAN training. */
export { trainTagGan, MAP_MEANING, type TrainOptions, type TrainProgress, type TrainRunResult } from './trainTagGan';
export { DEFAULT_CONFIG, QUICK_CONFIG, DEFAULT_LOSS, assertTrainConfig, type TrainConfig, type LossWeights } from './trainConfig';
export { readDataset, type DatasetEntry } from './readDataset';
export { trainStep, createOptimizers, disposeOptimizers, type Optimizers, type StepLosses } from './trainStep';
