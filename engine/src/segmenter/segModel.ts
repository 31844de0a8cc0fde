/**
 * Inference with a lesion segmenter folder: gray image -> P(lesion) on the model's grid, its doubt (mean
 * binary entropy), and a 0/1 mask at the image's size. Inputs go the way training images went (the lung
 * model's convention: resizeGray 'auto' to size x size, x = 2 * gray - 1). Call after a backend is chosen.
 */
import { EngineError } from '../errors';
import type { GrayImage } from '../image/grayImage';
import { buildLungUnet } from '../unet/buildLungUnet';
import { lungInput, lungProbabilities } from '../unet/unetProbabilities';
import { lesionMaskFromProb } from '../../mask/lesionMaskFromProb';
import { meanBinaryEntropy } from '../../mask/lesionDoubt';
import { restoreWeights } from '../model/checkpoint';
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
  const net = buildLungUnet({ base: arch.base, levels: arch.levels, seed: 0 });
  try {
    restoreWeights(dir, metadata, [net.params]);
  } catch (e) {
    net.dispose();
    throw e;
  }
  const size = arch.size;
  let disposed = false;
  const check = (): void => {
    if (disposed) throw new EngineError('MODEL', 'segmenter used after dispose()', dir);
  };
  return {
    dir, metadata, size,
    async planeProbabilities(planes) {
      check();
      const out: Float32Array[] = [];
      for (let i = 0; i < planes.length; i += 16) out.push(...await lungProbabilities(net, planes.slice(i, i + 16), size));
      return out;
    },
    async predict(gray, opts = {}) {
      check();
      const prob = (await lungProbabilities(net, [lungInput(gray, size)], size))[0]!;
      const mask = lesionMaskFromProb(prob, size, size, gray.width, gray.height, opts);
      return { width: gray.width, height: gray.height, prob, size, mask, doubt: meanBinaryEntropy(prob) };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      net.dispose();
    },
  };
}
