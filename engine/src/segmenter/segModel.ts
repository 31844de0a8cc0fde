/**
 * Inference with a lesion segmenter folder: gray image -> P(lesion) on the model's grid, its doubt (mean
 * binary entropy), and a 0/1 mask at the image's size. Inputs go the way training images went (the lung
 * model's convention: resizeGray 'auto' to size x size, x = 2 * gray - 1). Call after a backend is chosen.
 */
import type { GrayImage } from '../image/grayImage';
import { loadUnet } from '../unet/loadUnet';
import { lungInput, lungProbabilities, unetPlaneProbabilities } from '../unet/unetProbabilities';
import { lesionMaskFromProb } from '../../mask/lesionMaskFromProb';
import { meanBinaryEntropy } from '../../mask/lesionDoubt';
import { readSegMetadata, type SegModelMetadata } from './segMetadata';

export interface SegPrediction {
  width: number;
  height: number;
  /** P(lesion) on the size x size grid. */
  prob: Float32Array;
  size: number;
  /** 0/1 at the image's size. */
  mask: Uint8Array;
  /** Mean binary entropy of prob, in bits (0..1). */
  doubt: number;
}

export interface SegModel {
  readonly dir: string;
  readonly metadata: SegModelMetadata;
  readonly size: number;
  /** P(lesion) per pixel of the size x size grid for pre-sized gray planes (each size*size, [0, 1]). */
  planeProbabilities(planes: Float32Array[]): Promise<Float32Array[]>;
  predict(gray: GrayImage, opts?: { minArea?: number }): Promise<SegPrediction>;
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
    async predict(gray, opts = {}) {
      check();
      const prob = (await lungProbabilities(net, [lungInput(gray, size)], size))[0]!;
      const mask = lesionMaskFromProb(prob, size, size, gray.width, gray.height, opts);
      return { width: gray.width, height: gray.height, prob, size, mask, doubt: meanBinaryEntropy(prob) };
    },
    dispose: u.dispose,
  };
}
