/**
 * Inference with a lung-field model folder: gray image -> P(lung) on the model's grid, or a 0/1 mask at the
 * image's own size. The input goes the way training images went: resizeGray 'auto' (area when shrinking)
 * to size x size, x = 2 * gray - 1. Call after a backend is chosen (initBackend).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GrayImage } from '../image/grayImage';
import { lungMaskFromProb, type LungMaskOptions } from '../../mask/lungMaskFromProb';
import { loadUnet } from '../unet/loadUnet';
import { lungInput, lungProbabilities } from '../unet/unetProbabilities';
import { readLungMetadata, type LungModelMetadata } from './lungMetadata';

export interface LungSegmentation {
  width: number;
  height: number;
  /** 0/1, width*height. */
  mask: Uint8Array;
  /** Fraction of the image's pixels inside the mask. */
  fraction: number;
}

export interface LungModel {
  readonly dir: string;
  readonly metadata: LungModelMetadata;
  readonly size: number;
  /** P(lung field) per pixel of the size x size grid (the image stretched to the square). */
  probability(gray: GrayImage): Promise<Float32Array>;
  /** The lung-field mask at the image's own size (see mask/lungMaskFromProb). */
  segment(gray: GrayImage, opts?: LungMaskOptions): Promise<LungSegmentation>;
  dispose(): void;
}

/** Loads a lung model folder (metadata.json + weights.bin). */
export function loadLungModel(dir: string): LungModel {
  const metadata = readLungMetadata(dir);
  const { arch } = metadata;
  const u = loadUnet(dir, metadata, 'lung model');
  const { net, check } = u;
  const size = arch.size;
  const probability = async (gray: GrayImage): Promise<Float32Array> => {
    check();
    return (await lungProbabilities(net, [lungInput(gray, size)], size))[0]!;
  };
  return {
    dir, metadata, size, probability,
    async segment(gray, opts) {
      const p = await probability(gray);
      const mask = lungMaskFromProb(p, size, size, gray.width, gray.height, opts);
      let on = 0;
      for (let i = 0; i < mask.length; i++) on += mask[i]!;
      return { width: gray.width, height: gray.height, mask, fraction: on / mask.length };
    },
    dispose: u.dispose,
  };
}

/** A lung model's id as recorded with proposals: folder@step-weightshash. */
export function lungModelId(model: Pick<LungModel, 'dir' | 'metadata'>): string {
  const weights = readFileSync(join(model.dir, model.metadata.weights.file));
  return `${basename(model.dir)}@${model.metadata.training.step}-${createHash('sha256').update(weights).digest('hex').slice(0, 10)}`;
}
