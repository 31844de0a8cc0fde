/**
 * Inference with a lesion segmenter folder: gray image (or pre-sized planes) -> P(lesion) on the model's
 * grid; propose/proposeSegmenter makes the mask, its doubt and regions. Inputs go the way training images
 * went (the lung model's convention: resizeGray 'auto' to size x size, x = 2 * gray - 1). Call after a
 * backend is chosen.
 */
import type { GrayImage } from '../image/grayImage';
import { loadUnet } from '../unet/loadUnet';
import { lungInput, lungProbabilities, unetPlaneProbabilities } from '../unet/unetProbabilities';
import { readSegMetadata, type SegModelMetadata } from './segMetadata';

export interface SegModel {
  readonly dir: string;
  readonly metadata: SegModelMetadata;
  readonly size: number;
  /** P(lesion) per pixel of the size x size grid for pre-sized gray planes (each size*size, [0, 1]). */
  planeProbabilities(planes: Float32Array[]): Promise<Float32Array[]>;
  /** P(lesion) per pixel of the size x size grid (the image stretched to the square). */
  probability(gray: GrayImage): Promise<Float32Array>;
  dispose(): void;
}

export function loadSegModel(dir: string): SegModel {
  const metadata = readSegMetadata(dir);
  const { arch } = metadata;
  const u = loadUnet(dir, metadata, 'segmenter');
  const { net, check } = u;
  const size = arch.size;
  return {
    dir, metadata, size,
    async planeProbabilities(planes) {
      check();
      return unetPlaneProbabilities(net, planes, size);
    },
    async probability(gray) {
      check();
      return (await lungProbabilities(net, [lungInput(gray, size)], size))[0]!;
    },
    dispose: u.dispose,
  };
}
