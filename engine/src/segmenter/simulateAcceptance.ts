/**
 * The learning loop, simulated: on a folder with true lesion masks (labels.csv + a masks subfolder, as
 * `taggan eval` reads it), a fixed seeded half is held out for testing and the other half is the pool a
 * clinician would work through. For each k, the true masks of k pool images are taken as "accepted"
 * (normals count as accepted empty masks), a segmenter is trained on them, and its masks on the held-out
 * half are scored with the same code as `taggan eval`. Two ways to choose the k images, each nested
 * (k = 50 contains the k = 25 images): at random, and by doubt (the same random first set, then the images
 * the previous round's model is least sure of: mean binary entropy of its P(lesion)). Every round is its own
 * model folder; a finished one is reused, so an interrupted simulation goes on where it stopped.
 *
 * Normal-labelled images: with `normals: 'pool'` (the default, as the product trains: every image labelled
 * normal is an empty target without anyone accepting it) all of the pool's normals are in every round's
 * training set and the k accepted masks are drawn from the pool's abnormal-labelled images; with 'picked'
 * (the first version of this simulation) k is drawn from the whole pool and a normal counts only when picked.
 *
 * Self-training (`unlabelled` + `softWeight`): the rest of a workspace, images with image-level labels only.
 * After a round's model is trained, its masks on the unlabelled abnormal-labelled images become soft targets
 * (loss weight softWeight) and the unlabelled normals empty targets, and a second model is trained from the same
 * start on those plus the accepted masks: what `train-seg --soft-targets W` does in the app after the
 * workspace was re-proposed with the segmenter. Both models are scored; the second is the round's
 * "+ self-training" row.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { EngineError } from '../errors';
import { encodeGrayPng } from '../image/encodeGrayPng';
import type { GrayImage } from '../image/grayImage';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import { meanBinaryEntropy } from '../../mask/lesionDoubt';
import { lesionMaskFromProb } from '../../mask/lesionMaskFromProb';
import { METADATA_FILE } from '../model/metadata';
import { aggregateMetrics, evaluateImage, loadEvalSet, PRED_SUFFIX, type SetMetrics } from '../metrics';
import { readCsv, stemOf } from '../metrics/readCsv';
import { mulberry32 } from '../util/mulberry32';
import type { UnetTrainProgress } from '../unet/trainUnet';
import { balancedNormalWeight } from './normalWeight';
import { loadSegModel, type SegModel } from './segModel';
import { readSegMetadata } from './segMetadata';
import { trainSeg, type SegTrainConfig } from './trainSeg';

export type PickRule = 'random' | 'doubt';
export type NormalsRule = 'pool' | 'picked';

export interface SimCase {
  stem: string;
  file: string;
  label: 'normal' | 'abnormal';
  width: number;
  height: number;
  /** size*size gray [0, 1]. */
  image: Float32Array;
  /** size*size lesion fraction [0, 1]; empty when the folder has no masks. */
  target: Float32Array;
}

export type SimStage = 'accepted' | 'self-trained';

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
  /** How normal-labelled pool images enter training (see the file comment); default 'pool'. */
  normals?: NormalsRule;
  /** Images with labels.csv only (no masks): the rest of a workspace, for self-training. */
  unlabelled?: string;
  /** Loss weight of the first model's masks on the unlabelled abnormal images (0 < w <= 1); needs unlabelled. */
  softWeight?: number;
  /** Normals' loss weight: 'balanced' (default, as the app trains: together as much as the masks; segmenter/normalWeight) or 1 each. */
  normalWeight?: 'one' | 'balanced';
  /** Training steps of the self-training model (default: config.steps). */
  softSteps?: number;
  /**
   * What the app does to the segmenter's P(lesion) before thresholding (the lung prior: kept inside the lung
   * fields); applied to every map the simulation thresholds: scores, doubt, self-training targets.
   */
  restrict?: (image: GrayImage, prob: Float32Array) => Promise<Float32Array>;
  /** Named in simulation.json (e.g. the lung prior's model and margin). */
  restrictNote?: string;
  initFrom?: string;
  signal?: AbortSignal;
  onProgress?: (p: { what: string; step: number; total: number; train?: UnetTrainProgress }) => void;
}

export interface SimRound {
  pick: PickRule;
  /** 'accepted': trained on the accepted masks (and normals); 'self-trained': plus soft targets. Absent = 'accepted'. */
  stage?: SimStage;
  k: number;
  model: string;
  predictions: string;
  /** Pool stems used, in pick order. */
  accepted: string[];
  abnormalAccepted: number;
  /** Normal-labelled images trained on as empty targets (picked ones included); absent in first-version records. */
  normalTargets?: number;
  /** Self-training: soft targets (unlabelled abnormal images) at their weight. */
  softTargets?: { count: number; weight: number };
  metrics: SetMetrics;
  trainSec: number;
}

export interface SimulateResult {
  testTruth: string;
  normals: NormalsRule;
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

/**
 * Which pool images are always trained on (empty targets) and which a clinician's k accepted masks are drawn
 * from, under a normals rule (see the file comment).
 */
export function poolRoles<T extends { label: string }>(pool: readonly T[], normals: NormalsRule): { always: T[]; candidates: T[] } {
  if (normals === 'picked') return { always: [], candidates: [...pool] };
  return { always: pool.filter((c) => c.label === 'normal'), candidates: pool.filter((c) => c.label !== 'normal') };
}

async function loadCases(dir: string, masksSub: string | null, normalLabel: string, size: number, onCase: (i: number, n: number) => void, signal?: AbortSignal): Promise<SimCase[]> {
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
    const maskFile = masksSub === null ? null : join(dir, masksSub, `${stem}.png`);
    let target: Float32Array = new Float32Array(size * size);
    if (maskFile === null) {
      // labels only
    } else if (existsSync(maskFile)) {
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
  const soft = opts.softWeight ?? 0;
  if (soft > 0 !== Boolean(opts.unlabelled) || !(soft >= 0 && soft <= 1)) throw new EngineError('BAD_REQUEST', 'self-training needs both an unlabelled folder and a soft-target weight in (0, 1]');
  const unlabelled = opts.unlabelled
    ? await loadCases(opts.unlabelled, null, opts.normalLabel, size, (i, n) => opts.onProgress?.({ what: 'loading unlabelled images', step: i, total: n }), opts.signal)
    : [];
  const { test, pool } = splitTestPool(cases, opts.testFraction ?? 0.5, opts.seed);
  const normals = opts.normals ?? 'pool';
  const { always, candidates } = poolRoles(pool, normals);
  const what = normals === 'pool' ? 'abnormal-labelled images' : 'images';
  if (ks[ks.length - 1]! > candidates.length) throw new EngineError('BAD_REQUEST', `k = ${ks[ks.length - 1]} is more than the pool's ${candidates.length} ${what}`);
  const testTruth = writeTestTruth(opts.out, opts.data, opts.masks, test);
  const randomOrder = shuffled(candidates, opts.seed + 1);
  /** A model's maps of cases, as the app would threshold them. */
  const mapsOf = async (seg: SegModel, list: SimCase[]): Promise<Float32Array[]> => {
    const probs = await seg.planeProbabilities(list.map((c) => c.image));
    if (!opts.restrict) return probs;
    const out: Float32Array[] = [];
    for (const [i, c] of list.entries()) out.push(await opts.restrict({ width: size, height: size, data: c.image }, probs[i]!));
    return out;
  };
  const rounds: SimRound[] = [];

  /** Each normal's loss weight for `masks` accepted masks and `normals` normals, by the options' rule. */
  const normalWeight = (masks: number, normals: number): number => ((opts.normalWeight ?? 'balanced') === 'balanced' ? balancedNormalWeight(masks, normals) : 1);
  interface Weighted { c: SimCase; target: Float32Array; weight: number; kind: 'truth' | 'normal' | 'soft' }
  /** Trains (or reuses) one model folder on weighted pairs and scores its masks on the held-out half. */
  const trainAndScore = async (name: string, pairs: Weighted[], steps: number): Promise<Pick<SimRound, 'model' | 'predictions' | 'metrics' | 'trainSec'>> => {
    const model = join(opts.out, name);
    const config = { ...opts.config, steps };
    const hash = provenanceHash(pairs.map((p) => `${p.c.stem}\t${p.kind}\t${p.weight}`));
    const prior = existsSync(join(model, METADATA_FILE)) ? readSegMetadata(model).training : undefined;
    const same = (a: { image: string; kind: string; weight: number }[]): boolean =>
      a.length === pairs.length && a.every((x, i) => x.image === pairs[i]!.c.stem && x.kind === pairs[i]!.kind && x.weight === pairs[i]!.weight);
    if (prior && !same(prior.provenance.annotations)) {
      throw new EngineError('BAD_REQUEST', `${name} in this folder was trained on other images (another split, pick, normals rule or lung prior); simulate into a new --out folder`, model);
    }
    if (!prior || prior.step < steps) {
      const resume = prior !== undefined;
      await trainSeg({
        out: model, config, resume, initFrom: opts.initFrom, signal: opts.signal,
        train: { images: pairs.map((p) => p.c.image), masks: pairs.map((p) => p.target), weights: pairs.map((p) => p.weight) }, val: { images: [], masks: [] },
        provenance: {
          source: resolve(opts.data), kind: 'data-folder', hash,
          annotations: pairs.map((p) => ({ image: p.c.stem, kind: p.kind, weight: p.weight })),
        },
        onProgress: (p) => opts.onProgress?.({ what: `training ${name}`, step: p.step, total: p.total, train: p }),
      });
    }
    const trainSec = readSegMetadata(model).training.elapsedSec;
    const seg = loadSegModel(model);
    const predictions = join(opts.out, `pred-${name}`);
    mkdirSync(predictions, { recursive: true });
    try {
      const probs = await mapsOf(seg, test);
      test.forEach((c, i) => {
        const m = lesionMaskFromProb(probs[i]!, size, size, c.width, c.height);
        writeFileSync(join(predictions, `${c.stem}${PRED_SUFFIX}`), encodeGrayPng(Float32Array.from(m), c.width, c.height));
      });
    } finally {
      seg.dispose();
    }
    const set = loadEvalSet(predictions, testTruth, { masks: opts.masks, normalLabel: 'normal' });
    return { model, predictions, metrics: aggregateMetrics(set.images.map(evaluateImage)), trainSec };
  };

  /** One round: the model on the accepted masks, then (self-training) the model on those plus its own masks. */
  const trainRound = async (pick: PickRule, k: number, chosen: SimCase[]): Promise<SimRound[]> => {
    const name = `${pick}-k${k}`;
    const trainSet = [...chosen, ...always];
    const nNormal = trainSet.filter((c) => c.label === 'normal').length;
    const wNormal = normalWeight(trainSet.length - nNormal, nNormal);
    const pairs: Weighted[] = trainSet.map((c) => (c.label === 'normal' ? { c, target: c.target, weight: wNormal, kind: 'normal' } : { c, target: c.target, weight: 1, kind: 'truth' }));
    const base = {
      pick, k, accepted: chosen.map((c) => c.stem), abnormalAccepted: chosen.filter((c) => c.label === 'abnormal').length,
      normalTargets: trainSet.filter((c) => c.label === 'normal').length,
    };
    const first: SimRound = { ...base, stage: 'accepted', ...await trainAndScore(name, pairs, opts.config.steps) };
    if (soft === 0) return [first];
    const abnormal = unlabelled.filter((c) => c.label === 'abnormal');
    const seg = loadSegModel(first.model);
    let masks: Float32Array[];
    try {
      masks = (await mapsOf(seg, abnormal)).map((p) => Float32Array.from(lesionMaskFromProb(p, size, size, size, size)));
    } finally {
      seg.dispose();
    }
    const extraNormals = unlabelled.filter((c) => c.label === 'normal');
    // As workspacePairs weighs them: all normals together no more than the accepted masks (soft targets not counted).
    const w = normalWeight(trainSet.length - nNormal, nNormal + extraNormals.length);
    const more: Weighted[] = [
      ...abnormal.map((c, i): Weighted => ({ c, target: masks[i]!, weight: soft, kind: 'soft' })),
      ...extraNormals.map((c): Weighted => ({ c, target: c.target, weight: w, kind: 'normal' })),
    ];
    const reweighted = pairs.map((p) => (p.kind === 'normal' ? { ...p, weight: w } : p));
    const second: SimRound = {
      ...base, stage: 'self-trained', normalTargets: base.normalTargets + more.filter((p) => p.kind === 'normal').length,
      softTargets: { count: abnormal.length, weight: soft }, ...await trainAndScore(`${name}-self`, [...reweighted, ...more], opts.softSteps ?? opts.config.steps),
    };
    return [first, second];
  };

  for (const pick of opts.picks) {
    let chosen: SimCase[] = [];
    for (const [ri, k] of ks.entries()) {
      if (pick === 'random' || ri === 0) {
        chosen = randomOrder.slice(0, k);
      } else {
        // The previous round's (last) model scores the rest of the pool; the most doubtful come next.
        const prev = rounds[rounds.length - 1]!;
        const seg = loadSegModel(prev.model);
        const taken = new Set(chosen.map((c) => c.stem));
        const rest = candidates.filter((c) => !taken.has(c.stem));
        try {
          const probs = await mapsOf(seg, rest);
          const doubt = rest.map((c, i) => ({ c, d: meanBinaryEntropy(probs[i]!) }));
          doubt.sort((a, b) => b.d - a.d || (a.c.stem < b.c.stem ? -1 : 1));
          chosen = [...chosen, ...doubt.slice(0, k - chosen.length).map((x) => x.c)];
        } finally {
          seg.dispose();
        }
      }
      const key = chosen.map((c) => c.stem).join();
      const first = rounds.find((r) => r.k === k && r.accepted.join() === key);
      const existing = first ? rounds.filter((r) => r.pick === first.pick && r.k === k && r.accepted.join() === key) : [];
      rounds.push(...(existing.length > 0 ? existing.map((r) => ({ ...r, pick })) : await trainRound(pick, k, chosen)));
      writeFileSync(join(opts.out, 'simulation.json'), `${JSON.stringify({ testTruth, normals, restrict: opts.restrictNote ?? null, test: test.length, pool: pool.length, config: opts.config, rounds }, null, 2)}\n`);
    }
  }
  return { testTruth, normals, test: test.length, pool: pool.length, rounds };
}

/** The simulation record written by simulateAcceptance (for the table and the plot). */
export function readSimulation(dir: string): SimulateResult {
  return JSON.parse(readFileSync(join(dir, 'simulation.json'), 'utf8')) as SimulateResult;
}
