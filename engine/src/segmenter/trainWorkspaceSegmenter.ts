/**
 * `train-seg` / `seg.train`: the workspace's accepted and edited masks (plus normals, plus optional soft
 * targets) -> a segmenter in WS/models/segmenter, started from the lung model's weights when installed.
 * A new training keeps the previous segmenter, renamed models/segmenter-STEP-DATE, and replaces it only
 * when the new one finished (a failed or cancelled run leaves a resumable models/segmenter.training).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors';
import { METADATA_FILE } from '../model/metadata';
import type { UnetTrainProgress } from '../unet/trainUnet';
import type { Workspace } from '../workspace/workspace';
import { readSegMetadata, type SegModelMetadata } from './segMetadata';
import { DEFAULT_SEG_CONFIG, trainSeg, type SegTrainConfig } from './trainSeg';
import { workspacePairs } from './workspacePairs';

export const SEGMENTER_DIR = 'segmenter';

/** The workspace's current segmenter folder, or undefined when none was trained. */
export function workspaceSegmenterDir(wsDir: string): string | undefined {
  const d = join(wsDir, 'models', SEGMENTER_DIR);
  return existsSync(join(d, METADATA_FILE)) ? d : undefined;
}

export interface TrainWorkspaceSegOptions {
  config?: Partial<Omit<SegTrainConfig, 'arch'>> & { size?: number };
  /** Loss weight of soft targets (the latest proposals of abnormal images without a clinician mask); 0 = none. */
  softWeight?: number;
  /** Start from this U-Net's weights (the callers pass the lung model's folder when installed); absent: from scratch. */
  initFrom?: string;
  /** Go on with an interrupted run (models/segmenter.training). */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { stage: 'loading' | UnetTrainProgress['phase']; step: number; total: number; train?: UnetTrainProgress }) => void;
}

export interface TrainWorkspaceSegResult {
  dir: string;
  metadata: SegModelMetadata;
  counts: { masks: number; normals: number; soft: number };
  skipped: { imageId: number; path: string; message: string }[];
  /** Where the previous segmenter was kept, when there was one. */
  previous?: string;
  stepsThisRun: number;
}

export async function trainWorkspaceSegmenter(ws: Workspace, opts: TrainWorkspaceSegOptions = {}): Promise<TrainWorkspaceSegResult> {
  if (ws.readOnly) throw new EngineError('WORKSPACE', 'the workspace is open read-only; a segmenter cannot be trained into it', ws.dir);
  const d = DEFAULT_SEG_CONFIG;
  const c = opts.config ?? {};
  const config: SegTrainConfig = {
    arch: { ...d.arch, size: c.size ?? d.arch.size },
    steps: c.steps ?? d.steps, batch: c.batch ?? d.batch, seed: c.seed ?? d.seed, learningRate: c.learningRate ?? d.learningRate,
    checkpointEvery: c.checkpointEvery ?? d.checkpointEvery,
  };
  const models = join(ws.dir, 'models');
  const work = join(models, `${SEGMENTER_DIR}.training`);
  const resume = Boolean(opts.resume) && existsSync(join(work, METADATA_FILE));
  if (opts.resume && !resume) throw new EngineError('BAD_REQUEST', 'nothing to resume: no interrupted segmenter training in this workspace', work);
  if (!resume) rmSync(work, { recursive: true, force: true });
  const pairs = await workspacePairs(ws, config.arch.size, {
    softWeight: opts.softWeight, signal: opts.signal, onImage: (done, total) => opts.onProgress?.({ stage: 'loading', step: done, total }),
  });
  const r = await trainSeg({
    out: work, config: resume ? { ...config, steps: 0 } : config, train: pairs.planes, val: { images: [], masks: [] }, provenance: pairs.provenance,
    initFrom: opts.initFrom, resume, signal: opts.signal, onProgress: (p) => opts.onProgress?.({ stage: p.phase, step: p.step, total: p.total, train: p }),
  });
  const final = join(models, SEGMENTER_DIR);
  let previous: string | undefined;
  if (existsSync(join(final, METADATA_FILE))) {
    const old = readSegMetadata(final);
    previous = join(models, `${SEGMENTER_DIR}-${old.training.step}-${old.updatedAt.replace(/[:.]/g, '-')}`);
    renameSync(final, previous);
  } else {
    rmSync(final, { recursive: true, force: true });
  }
  renameSync(work, final);
  ws.recordEvent('segmenter.train', {
    dir: final, steps: r.metadata.training.step, masks: pairs.counts.masks, normals: pairs.counts.normals, soft: pairs.counts.soft,
    provenanceHash: pairs.provenance.hash, ...(previous ? { previous } : {}),
  });
  return { dir: final, metadata: readSegMetadata(final), counts: pairs.counts, skipped: pairs.skipped, ...(previous ? { previous } : {}), stepsThisRun: r.stepsThisRun };
}
