/**
 * The sample workspace: imports the shipped sample radiographs (samples/, see its README for where each is
 * from), sets their image-level labels from samples/labels.csv, and runs the model's proposals on every image,
 * honestly: what the model finds is stored and counted, nothing is drawn for it, and its caveat goes with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SampleWorkspaceResult } from '../../protocol/samples';
import { EngineError, throwIfCancelled } from '../errors';
import { readMetadata } from '../model/checkpoint';
import { proposeWorkspaceImages, type ProposerCaches } from '../propose/proposeWorkspaceImages';
import { resolveModelDir } from '../propose/resolveModelDir';
import type { Workspace } from '../workspace/workspace';
import { SAMPLE_LABELS_FILE, samplesDir } from './samplesDir';

export const SAMPLES_ATTRIBUTION =
  'Sample images: NIH Clinical Center ChestX-ray14 (no restriction on use; cite Wang et al., CVPR 2017) and two DICOM ' +
  'test files from pydicom-data and highdicom (MIT licence). Details in samples/README.md.';

export interface FillSampleOptions {
  backend?: string;
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** A fresh folder for a sample workspace under ~/TagGAN Desk ("sample workspace", then "sample workspace 2", ...). */
export function defaultSampleWorkspaceDir(home = homedir()): string {
  const base = join(home, 'TagGAN Desk', 'sample workspace');
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base} ${n}`;
    if (!existsSync(dir)) return dir;
  }
}

/** Reads samples/labels.csv: [file relative to samples/, label]. */
export function readSampleLabels(dir = samplesDir()): [string, string][] {
  const file = join(dir, SAMPLE_LABELS_FILE);
  if (!existsSync(file)) throw new EngineError('NOT_FOUND', 'the sample images are not installed (samples/labels.csv is missing)', file);
  const rows = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
  return rows.map((l) => {
    const [f, label] = l.split(',');
    if (!f || !label) throw new EngineError('CORRUPT', `bad line "${l}"`, file);
    return [f, label];
  });
}

export async function fillSampleWorkspace(ws: Workspace, caches: ProposerCaches, opts: FillSampleOptions = {}): Promise<SampleWorkspaceResult> {
  const dir = samplesDir();
  const rows = readSampleLabels(dir);
  const files = rows.map(([f]) => join(dir, f));
  const added = await ws.addImages(files, (done, total) => opts.onProgress?.('importing the samples', done, total));
  if (added.failed.length) throw new EngineError('IO', `sample images could not be imported: ${added.failed.map((f) => `${f.path}: ${f.message}`).join('; ')}`, dir);
  const labelled: Record<string, number> = {};
  const ids: number[] = [];
  for (const [f, label] of rows) {
    throwIfCancelled(opts.signal);
    const img = ws.resolveImage(join(dir, f));
    ws.setLabel(img.id, label);
    labelled[label] = (labelled[label] ?? 0) + 1;
    ids.push(img.id);
  }
  const run = await proposeWorkspaceImages(ws, caches, {
    imageIds: ids, backend: opts.backend, signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.('proposing', done, total),
  });
  // The model that proposed (the same resolution proposeWorkspaceImages made) and what its makers say about it.
  const modelDir = resolveModelDir(undefined, ws.dir);
  const caveat = modelDir ? (readMetadata(modelDir).evaluation?.caveat ?? null) : null;
  return {
    status: ws.status(),
    images: ids.length,
    labelled,
    model: run.model,
    caveat,
    proposals: run.proposals.map((p) => ({ imageId: p.imageId, maskArea: p.maskArea, regions: p.regions.length, probability: p.probability ?? null })),
    failed: run.failed,
    attribution: SAMPLES_ATTRIBUTION,
  };
}
