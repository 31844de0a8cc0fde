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
import { readMetadata } from '../model/checkpoint';
import { calibrateModelDir } from '../propose/calibration';
import { loadProposalModel, proposeWorkspaceImages, type ProposerCaches } from '../propose/proposeWorkspaceImages';
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

export function registerModelMethods(reg: Registry, session: WorkspaceSession, opts: { backend?: string; caches: ProposerCaches }): void {
  const { caches } = opts;
  const workspaceDir = () => session.currentDir;
  const load = (asked?: string) => loadProposalModel(caches, asked, workspaceDir(), opts.backend);

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
    (p, ctx) =>
      proposeWorkspaceImages(session.current, caches, {
        ...p, backend: opts.backend, signal: ctx.signal,
        onProgress: (done, total, imageId) => ctx.progress({ stage: 'proposing', done, total, unit: 'images', data: { imageId } }),
      }),
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
      caches.models.clear();
      const { id } = await load(dir);
      return { modelDir: dir, model: summary(dir, id), steps: readMetadata(dir).training.step, seconds: Math.round((Date.now() - t0) / 1000) };
    },
  );
}
