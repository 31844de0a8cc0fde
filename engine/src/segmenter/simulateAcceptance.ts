/**
 * The learning loop, simulated: on a folder with true lesion masks (labels.csv + a masks subfolder, as
 * `taggan eval` reads it), a fixed seeded half is held out for testing and the other half is the pool a
 * clinician would work through. For each k, the true masks of k pool images are taken as "accepted"
 * (normals count as accepted empty masks), a segmenter is trained on them, and its masks on the held-out
 * half are scored with the same code as `taggan eval`. Two ways to choose the k images, each nested
 * (k = 50 contains the k = 25 images): at random, and by doubt (the same random first set, then the images
 * the previous round's model is least sure of: mean binary entropy of its P(lesion)). Every round is its own
 * model folder; a finished one is reused, so an interrupted simulation goes on where it stopped.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { EngineError } from '../errors';
import { encodeGrayPng } from '../image/encodeGrayPng';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import { meanBinaryEntropy } from '../../mask/lesionDoubt';
import { lesionMaskFromProb } from '../../mask/lesionMaskFromProb';
import { METADATA_FILE } from '../model/metadata';
import { aggregateMetrics, evaluateImage, loadEvalSet, PRED_SUFFIX, type SetMetrics } from '../metrics';
import { readCsv, stemOf } from '../metrics/readCsv';
import { mulberry32 } from '../util/mulberry32';
import type { UnetTrainProgress } from '../unet/trainUnet';
import { loadSegModel } from './segModel';
import { readSegMetadata } from './segMetadata';
import { trainSeg, type SegTrainConfig } from './trainSeg';

export type PickRule = 'random' | 'doubt';

export interface SimCase {
  stem: string;
  file: string;
  label: 'normal' | 'abnormal';
  width: number;
  height: number;
  /** size*size gray [0, 1]. */
  image: Float32Array;
  /** size*size lesion fraction [0, 1]. */
  target: Float32Array;
}

export interface SimulateOptions {
  /** Truth folder: labels.csv (file,label) and MASKS/STEM.png (empty or absent for normals). */
  data: string;
  masks: string;
  normalLabel: string;
  ks: number[];
  picks: PickRule[];
  out: string;
  config: SegTrainConfig;
  /** Share of the images held out for testing (default 0.5), stratified by label. */
  testFraction?: number;
  seed: number;
  initFrom?: string;
  signal?: AbortSignal;
  onProgress?: (p: { what: string; step: number; total: number; train?: UnetTrainProgress }) => void;
}

export interface SimRound {
  pick: PickRule;
  k: number;
  model: string;
  predictions: string;
  /** Pool stems used, in pick order. */
  accepted: string[];
  abnormalAccepted: number;
  metrics: SetMetrics;
  trainSec: number;
}

export interface SimulateResult {
  testTruth: string;
  test: number;
  pool: number;
  rounds: SimRound[];
}

/** Seeded Fisher-Yates. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const r = mulberry32(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Stratified seeded split: the first round(testFraction * n) of each label's shuffled list are test. */
export function splitTestPool<T extends { label: string }>(cases: readonly T[], testFraction: number, seed: number): { test: T[]; pool: T[] } {
  const test: T[] = [];
  const pool: T[] = [];
  for (const label of [...new Set(cases.map((c) => c.label))].sort()) {
    const group = shuffled(cases.filter((c) => c.label === label), seed ^ label.length);
    const nt = Math.round(testFraction * group.length);
    test.push(...group.slice(0, nt));
    pool.push(...group.slice(nt));
  }
  return { test, pool };
}

async function loadCases(dir: string, masksSub: string, normalLabel: string, size: number, onCase: (i: number, n: number) => void, signal?: AbortSignal): Promise<SimCase[]> {
  const labelsFile = join(dir, 'labels.csv');
  if (!existsSync(labelsFile)) throw new EngineError('NOT_FOUND', 'the data folder has no labels.csv', labelsFile);
  const rows = readCsv(labelsFile);
  const header = rows[0]?.cells.map((c) => c.toLowerCase()) ?? [];
  const fi = header.indexOf('file');
  const li = header.indexOf('label');
  if (fi < 0 || li < 0) throw new EngineError('BAD_DATASET', 'labels.csv needs a header with "file" and "label" columns', labelsFile);
  const list = rows.slice(1);
  const out: SimCase[] = [];
  for (const [i, row] of list.entries()) {
    if (signal?.aborted) throw new EngineError('CANCELLED', 'cancelled while loading images');
    const file = row.cells[fi] ?? '';
    const label = (row.cells[li] ?? '').toLowerCase() === normalLabel.toLowerCase() ? 'normal' : 'abnormal';
    const stem = stemOf(file);
    const g = await loadGrayImage(join(dir, file));
    const maskFile = join(dir, masksSub, `${stem}.png`);
    let target: Float32Array = new Float32Array(size * size);
    if (existsSync(maskFile)) {
      const m = await loadGrayImage(maskFile);
      const bin = new Float32Array(m.data.length);
      for (let k = 0; k < bin.length; k++) bin[k] = m.data[k]! > 0.5 ? 1 : 0;
      target = resizeGray({ width: m.width, height: m.height, data: bin }, size, size, 'auto').data;
    } else if (label === 'abnormal') {
      throw new EngineError('NOT_FOUND', `no truth mask for abnormal image ${file}`, maskFile);
    }
    out.push({ stem, file, label, width: g.width, height: g.height, image: resizeGray(g, size, size, 'auto').data, target });
    onCase(i + 1, list.length);
  }
  return out;
}

/** labels.csv of the held-out cases beside a link to the masks, so `taggan eval --truth` scores the same set. */
function writeTestTruth(dir: string, data: string, masksSub: string, test: SimCase[]): string {
  const truth = join(dir, 'test-truth');
  mkdirSync(truth, { recursive: true });
  writeFileSync(join(truth, 'labels.csv'), `file,label\n${test.map((c) => `${c.stem}.png,${c.label}`).join('\n')}\n`);
  const link = join(truth, masksSub);
  if (!existsSync(link)) symlinkSync(resolve(data, masksSub), link, 'dir');
  return truth;
}

function provenanceHash(stems: string[]): string {
  return createHash('sha256').update(stems.join('\n')).digest('hex');
}

export async function simulateAcceptance(opts: SimulateOptions): Promise<SimulateResult> {
  const ks = [...opts.ks].sort((a, b) => a - b);
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) throw new EngineError('BAD_REQUEST', `k must be positive integers, got ${opts.ks.join(',')}`);
  const size = opts.config.arch.size;
  mkdirSync(opts.out, { recursive: true });
  const cases = await loadCases(opts.data, opts.masks, opts.normalLabel, size, (i, n) => opts.onProgress?.({ what: 'loading', step: i, total: n }), opts.signal);
  const { test, pool } = splitTestPool(cases, opts.testFraction ?? 0.5, opts.seed);
  if (ks[ks.length - 1]! > pool.length) throw new EngineError('BAD_REQUEST', `k = ${ks[ks.length - 1]} is more than the pool's ${pool.length} images`);
  const testTruth = writeTestTruth(opts.out, opts.data, opts.masks, test);
  const randomOrder = shuffled(pool, opts.seed + 1);
  const rounds: SimRound[] = [];

  const trainRound = async (pick: PickRule, k: number, chosen: SimCase[]): Promise<SimRound> => {
    const name = `${pick}-k${k}`;
    const model = join(opts.out, name);
    const stems = chosen.map((c) => c.stem);
    const done = existsSync(join(model, METADATA_FILE)) && readSegMetadata(model).training.step >= opts.config.steps;
    let trainSec = 0;
    if (!done) {
      const resume = existsSync(join(model, METADATA_FILE));
      const r = await trainSeg({
        out: model, config: opts.config, resume, initFrom: opts.initFrom, signal: opts.signal,
        train: { images: chosen.map((c) => c.image), masks: chosen.map((c) => c.target) }, val: { images: [], masks: [] },
        provenance: {
          source: resolve(opts.data), kind: 'data-folder', hash: provenanceHash(stems),
          annotations: chosen.map((c) => ({ image: c.stem, kind: c.label === 'normal' ? 'normal' : 'truth', weight: 1 })),
        },
        onProgress: (p) => opts.onProgress?.({ what: `training ${name}`, step: p.step, total: p.total, train: p }),
      });
      trainSec = r.metadata.training.elapsedSec;
    } else {
      trainSec = readSegMetadata(model).training.elapsedSec;
    }
    const seg = loadSegModel(model);
    const predictions = join(opts.out, `pred-${name}`);
    mkdirSync(predictions, { recursive: true });
    try {
      const probs = await seg.planeProbabilities(test.map((c) => c.image));
      test.forEach((c, i) => {
        const m = lesionMaskFromProb(probs[i]!, size, size, c.width, c.height);
        writeFileSync(join(predictions, `${c.stem}${PRED_SUFFIX}`), encodeGrayPng(Float32Array.from(m), c.width, c.height));
      });
    } finally {
      seg.dispose();
    }
    const set = loadEvalSet(predictions, testTruth, { masks: opts.masks, normalLabel: 'normal' });
    const metrics = aggregateMetrics(set.images.map(evaluateImage));
    return { pick, k, model, predictions, accepted: stems, abnormalAccepted: chosen.filter((c) => c.label === 'abnormal').length, metrics, trainSec };
  };

  for (const pick of opts.picks) {
    let chosen: SimCase[] = [];
    for (const [ri, k] of ks.entries()) {
      if (pick === 'random' || ri === 0) {
        chosen = randomOrder.slice(0, k);
      } else {
        // The previous round's model scores the rest of the pool; the most doubtful come next.
        const prev = rounds[rounds.length - 1]!;
        const seg = loadSegModel(prev.model);
        const taken = new Set(chosen.map((c) => c.stem));
        const rest = pool.filter((c) => !taken.has(c.stem));
        try {
          const probs = await seg.planeProbabilities(rest.map((c) => c.image));
          const doubt = rest.map((c, i) => ({ c, d: meanBinaryEntropy(probs[i]!) }));
          doubt.sort((a, b) => b.d - a.d || (a.c.stem < b.c.stem ? -1 : 1));
          chosen = [...chosen, ...doubt.slice(0, k - chosen.length).map((x) => x.c)];
        } finally {
          seg.dispose();
        }
      }
      const existing = rounds.find((r) => r.k === k && r.accepted.join() === chosen.map((c) => c.stem).join());
      const round = existing ? { ...existing, pick } : await trainRound(pick, k, chosen);
      rounds.push(round);
      writeFileSync(join(opts.out, 'simulation.json'), `${JSON.stringify({ testTruth, test: test.length, pool: pool.length, config: opts.config, rounds }, null, 2)}\n`);
    }
  }
  return { testTruth, test: test.length, pool: pool.length, rounds };
}

/** The simulation record written by simulateAcceptance (for the table and the plot). */
export function readSimulation(dir: string): SimulateResult {
  return JSON.parse(readFileSync(join(dir, 'simulation.json'), 'utf8')) as SimulateResult;
}
