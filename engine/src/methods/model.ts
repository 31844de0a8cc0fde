/**
 * model.info, proposal.run and train.start: the TagGAN model behind the engine protocol.
 * Training reads only the workspace's image-level labels; proposals store the AI-original mask and map.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROPOSAL_METHODS, type ModelSummary, type ProposalRunResult, type ThresholdOption } from '../../protocol/model';
import { array, boolean, number, object, oneOf, optional, string, type Schema } from '../../protocol/schema';
import { trainingTarget } from '../../protocol/workspace';
import type { Registry } from '../core/registry';
import { EngineError, throwIfCancelled, toErrorPayload } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { readMetadata } from '../model/checkpoint';
import { calibrateModelDir } from '../propose/calibration';
import type { LungModelCache } from '../lungs/lungModelCache';
import { DEFAULT_LUNG_MARGIN, resolveLungModelDir, type LungPrior } from '../propose/lungPrior';
import { ModelCache } from '../propose/modelCache';
import { loadSegModel } from '../segmenter/segModel';
import { segmenterId } from '../segmenter/segmenterSummary';
import { workspaceSegmenterDir } from '../segmenter/trainWorkspaceSegmenter';
import { maskPixels, proposalParams, proposalStats, proposeOne, regionSummaries, setupProposalRun, storedThreshold } from '../propose/proposalPipeline';
import { resolveModelDir } from '../propose/resolveModelDir';
import { initBackend } from '../tf/backends';
import { ADVERSARIAL_KINDS, DEFAULT_CONFIG, QUICK_CONFIG, type TrainConfig } from '../train/trainConfig';
import { trainTagGan } from '../train/trainTagGan';
import type { WorkspaceSession } from './workspace';

const thresholdSchema: Schema<ThresholdOption> = {
  parse(x, path = '') {
    if (x === 'auto' || x === 'otsu') return x;
    return number({ min: 0, max: 1 }).parse(x, path);
  },
};

function summary(dir: string, id: string): ModelSummary {
  const m = readMetadata(dir);
  return {
    id, dir, inputSize: m.arch.size, hasClassifier: m.arch.classifier !== null, metadata: m as unknown as Record<string, unknown>,
    ...(m.evaluation?.caveat ? { caveat: m.evaluation.caveat } : {}),
  };
}

export function registerModelMethods(reg: Registry, session: WorkspaceSession, opts: { backend?: string; lungCache: LungModelCache }): void {
  const cache = new ModelCache();
  const workspaceDir = () => session.currentDir;
  const load = async (asked?: string) => {
    const dir = resolveModelDir(asked, workspaceDir());
    if (!dir) throw new EngineError('MODEL', 'no model yet: train one on this workspace (Training panel / train.start) or install the default model in models/default');
    await initBackend(opts.backend);
    return { dir, ...cache.get(dir) };
  };

  reg.add('model.info', object({ dir: optional(string({ minLength: 1 })) }), async (p) => {
    const dir = resolveModelDir(p.dir, workspaceDir());
    if (!dir) return null;
    const { id } = await load(dir);
    return summary(dir, id);
  });

  reg.add(
    'proposal.run',
    object({
      imageIds: array(number({ int: true, min: 1 }), { max: 100_000 }),
      method: optional(oneOf(PROPOSAL_METHODS)),
      threshold: optional(thresholdSchema),
      minArea: optional(number({ int: true, min: 0 })),
      useCam: optional(boolean()),
      modelDir: optional(string({ minLength: 1 })),
      lungPrior: optional(boolean()),
      lungMargin: optional(number({ min: 0, max: 0.5 })),
    }),
    async (p, ctx) => {
      const ws = session.current;
      // No method named: the workspace's choice of model (TagGAN unless the user picked the segmenter).
      const method = p.method ?? ws.proposalModel();
      const segDir = method === 'segmenter' || method === 'fused' ? workspaceSegmenterDir(ws.dir) : undefined;
      if ((method === 'segmenter' || method === 'fused') && !segDir) throw new EngineError('MODEL', 'no segmenter in this workspace yet: train one on accepted masks first (Training panel, "Train segmenter" / taggan train-seg)');
      // The lung prior (on by default when models/lungs is installed); the lungs method is the field itself.
      const lungDir = method !== 'segmenter' && (p.lungPrior !== false || method === 'lungs') ? resolveLungModelDir() : undefined;
      if (method === 'lungs' && !lungDir) throw new EngineError('MODEL', 'the lungs method needs the lung-field model (models/lungs); train one with `taggan train-lungs`');
      let prior: LungPrior | null = null;
      if (lungDir) {
        await initBackend(opts.backend);
        const l = opts.lungCache.get(lungDir);
        prior = { model: l.model, id: l.id, margin: p.lungMargin ?? DEFAULT_LUNG_MARGIN };
      }
      const gan = method === 'lungs' || method === 'segmenter' ? null : await load(p.modelDir);
      if (segDir) await initBackend(opts.backend);
      const seg = segDir ? loadSegModel(segDir) : null;
      try {
      const run = setupProposalRun(gan?.model ?? null, prior, {
        method, threshold: p.threshold, minArea: p.minArea, useCam: p.useCam, modelId: gan?.id,
        ...(seg ? { segmenter: { model: seg, id: segmenterId(seg.dir, seg.metadata) } } : {}),
      });
      const result: ProposalRunResult = { model: run.id, proposals: [], failed: [] };
      for (let i = 0; i < p.imageIds.length; i++) {
        throwIfCancelled(ctx.signal);
        const imageId = p.imageIds[i]!;
        ctx.progress({ stage: 'proposing', done: i, total: p.imageIds.length, unit: 'images', data: { imageId } });
        try {
          const image = ws.getImage(imageId);
          if (!image) throw new EngineError('NOT_FOUND', `no image ${imageId} in this workspace`);
          const pr = await proposeOne(run, await loadGrayImage(image.path));
          const rec = ws.saveProposal({
            imageId, modelId: run.id, threshold: storedThreshold(run, pr),
            mask: { width: pr.width, height: pr.height, data: pr.mask },
            map: { width: pr.width, height: pr.height, data: pr.map },
            stats: proposalStats(pr),
            params: proposalParams(run, pr),
          });
          result.proposals.push({ imageId, proposalId: rec.id, threshold: pr.threshold, maskArea: maskPixels(pr.mask), regions: regionSummaries(pr.regions), ...(pr.probability !== undefined ? { probability: pr.probability } : {}) });
        } catch (err) {
          if (err instanceof EngineError && err.code === 'CANCELLED') throw err;
          const e = toErrorPayload(err);
          result.failed.push({ imageId, code: e.code, message: e.message });
        }
      }
      return result;
      } finally {
        seg?.dispose();
      }
    },
  );

  reg.add(
    'train.start',
    object({
      modelDir: optional(string({ minLength: 1 })),
      size: optional(oneOf([64, 128, 256, 512] as const)),
      steps: optional(number({ int: true, min: 1, max: 10_000_000 })),
      batch: optional(number({ int: true, min: 1, max: 64 })),
      seed: optional(number({ int: true, min: 0 })),
      quick: optional(boolean()),
      resume: optional(boolean()),
      adversarial: optional(oneOf(ADVERSARIAL_KINDS)),
    }),
    async (p, ctx) => {
      const ws = session.current;
      const dir = p.modelDir ?? join(ws.dir, 'models', 'latest');
      // Training sees only image-level labels: write them as a labels.csv the trainer reads.
      const classes = ws.labelClasses();
      const rows = ws.listImages().flatMap((img) => {
        const t = trainingTarget(img.label, classes);
        return t ? [`"${img.path.replace(/"/g, '""')}",${t}`] : [];
      });
      const dataDir = join(ws.dir, 'models', 'training-data');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'labels.csv'), `file,label\n${rows.join('\n')}\n`);
      await initBackend(opts.backend);
      const base = p.quick ? QUICK_CONFIG : DEFAULT_CONFIG;
      const config: TrainConfig = {
        ...base,
        arch: { ...base.arch, size: p.size ?? base.arch.size },
        steps: p.steps ?? base.steps, batch: p.batch ?? base.batch, seed: p.seed ?? base.seed,
        adversarial: p.adversarial ?? base.adversarial,
      };
      const t0 = Date.now();
      // Cancelling the request stops training after the current step; the trainer saves a checkpoint
      // first and the call ends with CANCELLED (its message names the folder). resume: true continues.
      await trainTagGan({
        data: dataDir, out: dir, config, normalLabel: 'normal', resume: p.resume, signal: ctx.signal,
        onProgress: (pr) => {
          if (pr.phase === 'loading') ctx.progress({ stage: 'loading images', done: pr.step, total: pr.total, unit: 'images' });
          else ctx.progress({
            stage: pr.phase, done: pr.step, total: pr.total, unit: 'steps', message: pr.note,
            data: { step: pr.step, totalSteps: pr.total, losses: { ...(pr.losses ?? {}) } as Record<string, number>, imagesPerSec: pr.imagesPerSec ?? 0, etaSec: pr.etaSec ?? 0 },
          });
        },
      });
      // Calibrate the automatic threshold on the normal images it trained on (image-level labels only).
      const normals = ws.listImages().filter((img) => trainingTarget(img.label, classes) === 'normal').map((img) => img.path);
      await calibrateModelDir(dir, normals, {
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress({ stage: 'calibrating on normal images', done, total, unit: 'images' }),
      });
      cache.clear();
      const { id } = await load(dir);
      return { modelDir: dir, model: summary(dir, id), steps: readMetadata(dir).training.step, seconds: Math.round((Date.now() - t0) / 1000) };
    },
  );
}
