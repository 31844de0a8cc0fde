import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { resolveLungModelDir } from '../../propose/lungPrior';
import { trainWorkspaceSegmenter } from '../../segmenter/trainWorkspaceSegmenter';
import { Workspace } from '../../workspace/workspace';
import type { CliCommand } from '../command';
import { intOption, numberOption } from '../numberOptions';
import { fmtSec, trainingProgressPrinter, type TrainingProgressEvent } from '../trainingProgress';

export const trainSegCommand: CliCommand = {
  name: 'train-seg',
  summary: 'train the supervised lesion segmenter on the workspace\'s accepted and edited masks',
  usage: 'taggan train-seg --workspace WS [--steps N] [--batch N] [--size N] [--seed S] [--lr X] [--soft-targets W] [--no-init | --init MODELDIR] [--resume] [--backend B] [--json]\n'
    + '  pairs: accepted/edited masks; images labelled normal (empty target); with --soft-targets W (0..1) the latest proposals of abnormal\n'
    + '  images without a mask, at loss weight W. Starts from models/lungs unless --no-init. Writes WS/models/segmenter (the previous one is kept).',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, lr: { type: 'string' },
        'soft-targets': { type: 'string' }, 'no-init': { type: 'boolean' }, init: { type: 'string' }, resume: { type: 'boolean' },
        backend: { type: 'string' }, json: { type: 'boolean' }, author: { type: 'string' },
      },
      strict: true,
    });
    if (!values.workspace) throw new EngineError('BAD_REQUEST', '--workspace WS is required');
    if (values['no-init'] && values.init) throw new EngineError('BAD_REQUEST', 'give --no-init or --init MODELDIR, not both');
    const softWeight = numberOption(values['soft-targets'], 'soft-targets', { min: 0 }) ?? 0;
    const lr = numberOption(values.lr, 'lr', { above: 0 });
    await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const ws = Workspace.open(resolve(values.workspace), { actor: values.author });
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const onTrain = trainingProgressPrinter<TrainingProgressEvent>(ctx, {
      json: Boolean(values.json),
      loading: 'loading accepted masks',
      detail: (p) => (p.phase === 'training' ? ` loss ${p.losses?.loss?.toFixed(3)} (bce ${p.losses?.bce?.toFixed(3)} dice ${p.losses?.dice?.toFixed(3)}) ${p.imagesPerSec?.toFixed(1)} img/s ETA ${fmtSec(p.etaSec)}` : ''),
    });
    try {
      const r = await trainWorkspaceSegmenter(ws, {
        config: { steps: intOption(values.steps, 'steps', { min: 0 }), batch: intOption(values.batch, 'batch', { min: 1 }), size: intOption(values.size, 'size', { min: 1 }), seed: intOption(values.seed, 'seed'), ...(lr !== undefined ? { learningRate: lr } : {}) },
        softWeight, initFrom: values['no-init'] ? undefined : values.init ? resolve(values.init) : resolveLungModelDir(), resume: values.resume, signal: controller.signal,
        onProgress: (p) => {
          onTrain({ phase: p.stage, step: p.step, total: p.total, losses: p.train?.losses, imagesPerSec: p.train?.imagesPerSec, etaSec: p.train?.etaSec, elapsedSec: p.train?.elapsedSec });
        },
      });
      for (const s of r.skipped) ctx.err(`skipped: ${s.path}: ${s.message}`);
      const t = r.metadata.training;
      if (values.json) ctx.out(JSON.stringify({ phase: 'done', dir: r.dir, steps: t.step, counts: r.counts, previous: r.previous ?? null, imagesPerSec: t.imagesPerSec, elapsedSec: t.elapsedSec, losses: t.losses }));
      else {
        ctx.out(`trained the segmenter ${r.stepsThisRun} steps (${t.step}/${t.totalSteps}) on ${r.counts.masks} clinician masks, ${r.counts.normals} normal images${r.counts.soft ? `, ${r.counts.soft} soft targets` : ''}`);
        ctx.out(`  ${t.imagesPerSec.toFixed(2)} images/s, ${t.elapsedSec.toFixed(0)} s; losses ${Object.entries(t.losses).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}${t.provenance.initFrom ? `; started from ${t.provenance.initFrom}` : ''}`);
        ctx.out(`  model: ${r.dir}${r.previous ? ` (the previous one kept as ${r.previous})` : ''}`);
      }
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      ws.close();
    }
  },
};
