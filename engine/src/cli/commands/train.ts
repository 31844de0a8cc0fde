import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { lungMasksFromFiles } from '../../train/lungMasksFromFiles';
import { ADVERSARIAL_KINDS, DEFAULT_CONFIG, QUICK_CONFIG, type Adversarial, type LossWeights, type TrainConfig } from '../../train/trainConfig';
import { trainTagGan, type TrainProgress } from '../../train/trainTagGan';
import { readDataset } from '../../train/readDataset';
import { calibrateModelDir } from '../../propose/calibration';
import { DEFAULT_LUNG_MARGIN, checkLungMargin } from '../../propose/lungPrior';
import type { CliCommand } from '../command';
import { intOption as int, numberOption } from '../numberOptions';
import { fmtSec, trainingProgressPrinter } from '../trainingProgress';

/** `adv=1,cycle=10,identity=2` over the defaults; names and values are checked. */
export function parseLossWeights(spec: string, base: LossWeights): LossWeights {
  const out: LossWeights = { ...base };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [k, v, extra] = part.split('=');
    if (!k || v === undefined || extra !== undefined || !(k in base)) {
      throw new EngineError('BAD_REQUEST', `--loss: "${part}" is not NAME=NUMBER with NAME one of ${Object.keys(base).join(', ')}`);
    }
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new EngineError('BAD_REQUEST', `--loss: ${k} must be a number >= 0, got "${v}"`);
    out[k as keyof LossWeights] = n;
  }
  return out;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a TagGAN model from image-level labels (normal/abnormal) in a data folder',
  usage: 'taggan train --data DIR --out MODELDIR [--quick] [--size N] [--steps N | --epochs N] [--batch N] [--seed S] '
    + '[--ngf N] [--depth N] [--ndf N] [--attention] [--no-classifier] [--gan lsgan|wgan-gp] [--lr X] [--loss adv=1,cycle=10,...] [--checkpoint-every N] '
    + '[--normal-label normal] [--no-lung-prior] [--lung-masks DIR [--lung-margin 0.03]] [--resume [--size N: go on at another size]] [--backend B] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' }, out: { type: 'string' }, quick: { type: 'boolean' },
        size: { type: 'string' }, steps: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
        seed: { type: 'string' }, ngf: { type: 'string' }, depth: { type: 'string' }, ndf: { type: 'string' },
        attention: { type: 'boolean' }, 'no-classifier': { type: 'boolean' }, lr: { type: 'string' }, gan: { type: 'string' }, loss: { type: 'string' },
        'checkpoint-every': { type: 'string' }, 'normal-label': { type: 'string' }, resume: { type: 'boolean' }, 'no-lung-prior': { type: 'boolean' },
        'lung-masks': { type: 'string' }, 'lung-margin': { type: 'string' },
        backend: { type: 'string' }, json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.data) throw new EngineError('BAD_REQUEST', '--data DIR is required');
    if (!values.out) throw new EngineError('BAD_REQUEST', '--out MODELDIR is required');
    if (values.steps !== undefined && values.epochs !== undefined) throw new EngineError('BAD_REQUEST', 'give --steps or --epochs, not both');
    const base = values.quick ? QUICK_CONFIG : DEFAULT_CONFIG;
    const arch = { ...base.arch };
    arch.size = int(values.size, 'size') ?? arch.size;
    arch.ngf = int(values.ngf, 'ngf') ?? arch.ngf;
    arch.depth = int(values.depth, 'depth') ?? arch.depth;
    arch.ndf = int(values.ndf, 'ndf') ?? arch.ndf;
    if (values.attention) arch.attention = true;
    if (values['no-classifier']) arch.classifier = null;
    if (values.gan !== undefined && !ADVERSARIAL_KINDS.includes(values.gan as Adversarial)) {
      throw new EngineError('BAD_REQUEST', `--gan must be one of ${ADVERSARIAL_KINDS.join(', ')}, got "${values.gan}"`);
    }
    const config: TrainConfig = {
      ...base, arch,
      adversarial: (values.gan as Adversarial | undefined) ?? base.adversarial,
      steps: int(values.steps, 'steps') ?? base.steps,
      batch: int(values.batch, 'batch') ?? base.batch,
      seed: int(values.seed, 'seed') ?? base.seed,
      checkpointEvery: int(values['checkpoint-every'], 'checkpoint-every') ?? base.checkpointEvery,
    };
    config.learningRate = numberOption(values.lr, 'lr', { above: 0 }) ?? config.learningRate;
    if (values.loss !== undefined) config.loss = parseLossWeights(values.loss, config.loss);
    const epochs = numberOption(values.epochs, 'epochs', { above: 0 });

    // JSON lines own stdout, so the backend line goes to stderr then.
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const onProgress = trainingProgressPrinter<TrainProgress>(ctx, {
      json: Boolean(values.json),
      loading: 'loading images',
      detail: (p) => (p.phase === 'training' ? ` G ${p.losses?.G?.toFixed(3)} D ${p.losses?.D?.toFixed(3)} ${p.imagesPerSec?.toFixed(1)} img/s ETA ${fmtSec(p.etaSec)}` : ''),
    });
    try {
      let steps = config.steps;
      if (epochs !== undefined) {
        // An epoch = one pass over the larger class; steps are fixed once the folder is read.
        const entries = readDataset(resolve(values.data), values['normal-label'] ?? 'normal');
        const nA = entries.filter((e) => e.abnormal).length;
        steps = Math.max(1, Math.ceil((epochs * Math.max(nA, entries.length - nA)) / config.batch));
      }
      const lungMargin = values['lung-margin'] === undefined ? DEFAULT_LUNG_MARGIN : checkLungMargin(Number(values['lung-margin']), '--lung-margin');
      const lungDir = values['lung-masks'] ? resolve(values['lung-masks']) : undefined;
      const r = await trainTagGan({
        lungPrior: lungDir ? {
          describe: `lung masks from ${lungDir}, margin ${lungMargin} of the image width`,
          masks: (_planes, size, entries) => lungMasksFromFiles(lungDir, entries, size, lungMargin),
        } : undefined,
        data: resolve(values.data), out: resolve(values.out), config: { ...config, steps },
        normalLabel: values['normal-label'], resume: values.resume, signal: controller.signal, onProgress,
        // --size with --resume: go on at that size (e.g. 64 px first, then 128 px).
        resumeAtSize: values.resume && values.size !== undefined ? arch.size : undefined,
      });
      const t = r.metadata.training;
      // Calibrate the automatic threshold on the normal training images (image-level labels only).
      const normals = readDataset(resolve(values.data), values['normal-label'] ?? 'normal').filter((e) => !e.abnormal).map((e) => e.path);
      const { floor, lungPrior } = await calibrateModelDir(r.dir, normals, { signal: controller.signal, ...(values['no-lung-prior'] ? { lungModel: null } : {}) });
      if (values.json) ctx.out(JSON.stringify({ phase: 'calibrated', floor, normals: normals.length, lungPrior: lungPrior ?? null }));
      else {
        ctx.out(`trained ${r.stepsThisRun} steps (${t.step}/${t.totalSteps}) on ${t.images.abnormal} abnormal + ${t.images.normal} normal images at ${r.metadata.arch.size} px`);
        ctx.out(`  ${t.imagesPerSec.toFixed(2)} images/s, ${fmtSec(t.elapsedSec)} in all; losses ${Object.entries(t.losses).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
        ctx.out(`  calibrated threshold floor ${floor.toFixed(4)} on ${normals.length} normal images${lungPrior ? `, inside the lung fields (${lungPrior.model}, margin ${lungPrior.margin})` : ', no lung prior'}`);
        ctx.out(`  model: ${r.dir}`);
      }
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
