/** The TagGAN model: builders, checkpoints and the inference API. */
export { buildGenerator, type Generator, type GeneratorOptions } from './buildGenerator';
export { buildDiscriminator, type Discriminator, type DiscriminatorOptions } from './buildDiscriminator';
export { buildClassifier, type Classifier, type ClassifierOptions } from './buildClassifier';
export { buildTagGan, type TagGanNets } from './buildTagGan';
export { REFERENCE_ARCH, assertModelArch, type ModelArch } from './modelConfig';
export { loadModel, type Prediction, type TagGanModel } from './loadModel';
export { readMetadata } from './checkpoint';
export type { ModelMetadata, TrainingRecord } from './metadata';
export { NORMALISATION, grayToInput } from './normalize';
export { gradCamTensor } from './gradCam';
