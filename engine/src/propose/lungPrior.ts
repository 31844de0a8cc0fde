/**
 * The lung-field prior of proposals: a lung model (models/lungs by default) and a margin. The disease map
 * is kept only inside the lung fields grown by the margin (mask/restrictToLungs), on the TagGAN model's
 * grid, before the map is thresholded; the normal baseline and the threshold floor are calibrated on maps
 * restricted the same way.
 * The margin is a fraction of the image's side (the image is stretched to the model's square grid, so it is
 * that fraction of the width across and of the height down): default 0.03, i.e. 4 px of a 128 grid,
 * about 60 px of a 2,000 px radiograph.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LungPriorRecord } from '../../protocol/model';
import { EngineError } from '../errors';
import type { GrayImage } from '../image/grayImage';
import { appRoot } from '../host/paths';
import { loadLungModel, lungModelId, type LungModel } from '../lungs/lungModel';

export { lungModelId };
import { lungMaskFromProb } from '../../mask/lungMaskFromProb';
import { lungMarginPixels, restrictToLungs } from '../../mask/restrictToLungs';
import { METADATA_FILE } from '../model/metadata';

/** Default margin around the lung fields, as a fraction of the image's side. */
export const DEFAULT_LUNG_MARGIN = 0.03;

export interface LungPrior {
  model: LungModel;
  /** Fraction of the image's side (see DEFAULT_LUNG_MARGIN). */
  margin: number;
  /** The lung model's id: folder@step-weightshash. */
  id: string;
}

/** What proposals and calibrations record about the prior. */
export type { LungPriorRecord };

/** The packaged lung model (models/lungs beside the app; in a packaged app, resources/models/lungs). */
export function defaultLungModelDir(): string {
  const packaged = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'models', 'lungs', METADATA_FILE))) return join(packaged, 'models', 'lungs');
  return join(appRoot(), 'models', 'lungs');
}

/** The lung model folder to use: the one asked for, else models/lungs when installed, else undefined. */
export function resolveLungModelDir(asked?: string): string | undefined {
  if (asked) return resolve(asked);
  const d = defaultLungModelDir();
  return existsSync(join(d, METADATA_FILE)) ? d : undefined;
}


/** Checks a margin fraction (throws BAD_REQUEST naming the option). */
export function checkLungMargin(margin: number, what = 'lung margin'): number {
  if (!(Number.isFinite(margin) && margin >= 0 && margin <= 0.5)) throw new EngineError('BAD_REQUEST', `${what} must be a fraction of the image's side in 0..0.5, got ${margin}`);
  return margin;
}

/**
 * Opens the lung prior: `dir` (or models/lungs when undefined) with `margin`. Returns null when no lung
 * model is installed and none was asked for; a folder asked for that is not a lung model is an error.
 */
export function openLungPrior(dir?: string, margin = DEFAULT_LUNG_MARGIN): LungPrior | null {
  checkLungMargin(margin);
  const d = resolveLungModelDir(dir);
  if (!d) return null;
  const model = loadLungModel(d);
  return { model, margin, id: lungModelId(model) };
}

/** The lung fields (0/1) of `image` on a size x size grid (the image stretched to the square, as models see it). */
export async function lungFieldOnGrid(prior: LungPrior, image: GrayImage, size: number): Promise<Uint8Array> {
  const p = await prior.model.probability(image);
  return lungMaskFromProb(p, prior.model.size, prior.model.size, size, size);
}

/** A size x size map restricted to the image's lung fields grown by the prior's margin. */
export async function applyLungPrior(prior: LungPrior, image: GrayImage, map: Float32Array, size: number): Promise<Float32Array> {
  const lungs = await lungFieldOnGrid(prior, image, size);
  return restrictToLungs(map, lungs, size, size, lungMarginPixels(prior.margin, size));
}

export function lungPriorRecord(prior: LungPrior | null | undefined): LungPriorRecord | null {
  return prior ? { model: prior.id, margin: prior.margin } : null;
}
