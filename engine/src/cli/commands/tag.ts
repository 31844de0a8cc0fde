import { parseArgs } from 'node:util';
import { PROPOSAL_METHODS, type ProposalMethod, type ThresholdOption } from '../../../protocol/model';
import { EngineError } from '../../errors';
import { loadModel } from '../../model/loadModel';
import { DEFAULT_LUNG_MARGIN, checkLungMargin, openLungPrior, type LungPrior } from '../../propose/lungPrior';
import { resolveModelDir } from '../../propose/resolveModelDir';
import { TAG_FORMATS, tagFiles, type TagFormat } from '../../propose/tagFiles';
import type { CliCommand } from '../command';
import { intOption } from '../numberOptions';
import { progressLine } from '../progressLine';

function parseThreshold(v: string | undefined): ThresholdOption {
  if (v === undefined || v === 'auto' || v === 'otsu') return v ?? 'auto';
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new EngineError('BAD_REQUEST', `--threshold must be auto, otsu or a number in 0..1, got "${v}"`);
  return n;
}

export const tagCommand: CliCommand = {
  name: 'tag',
  summary: 'propose masks: disease map, healthy counterpart and thresholded mask for each image',
  usage: 'taggan tag INPUT... --out DIR [--model MODELDIR] [--threshold auto|otsu|0..1] [--min-area PX] '
    + '[--method taggan|gradcam|lungs] [--cam] [--no-lung-prior] [--lung-model DIR] [--lung-margin F] [--format png,seg,coco,nifti] [--backend B] [--json]\n'
    + `  the map is kept inside the lung fields (models/lungs) grown by F of the image's side (default ${DEFAULT_LUNG_MARGIN}) unless --no-lung-prior; `
    + '--method lungs proposes the whole lung field (a baseline)',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' }, model: { type: 'string' }, threshold: { type: 'string' }, 'min-area': { type: 'string' },
        method: { type: 'string' }, cam: { type: 'boolean' }, format: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' },
        'no-lung-prior': { type: 'boolean' }, 'lung-model': { type: 'string' }, 'lung-margin': { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new EngineError('BAD_REQUEST', 'give at least one INPUT file or folder');
    if (!values.out) throw new EngineError('BAD_REQUEST', '--out DIR is required');
    const method = (values.method ?? 'taggan') as ProposalMethod;
    if (!PROPOSAL_METHODS.includes(method)) throw new EngineError('BAD_REQUEST', `--method must be ${PROPOSAL_METHODS.join(', ')}, got "${method}"`);
    if (values['no-lung-prior'] && method === 'lungs') throw new EngineError('BAD_REQUEST', '--method lungs is the lung field itself; it cannot run with --no-lung-prior');
    if (values['no-lung-prior'] && (values['lung-model'] !== undefined || values['lung-margin'] !== undefined)) throw new EngineError('BAD_REQUEST', 'give --no-lung-prior or --lung-model/--lung-margin, not both');
    const lungMargin = values['lung-margin'] === undefined ? DEFAULT_LUNG_MARGIN : checkLungMargin(Number(values['lung-margin']), '--lung-margin');
    const formats = (values.format ?? 'png').split(',').map((f) => f.trim()).filter(Boolean);
    for (const f of formats) if (!(TAG_FORMATS as readonly string[]).includes(f)) throw new EngineError('BAD_REQUEST', `unknown format "${f}" (choose from ${TAG_FORMATS.join(', ')})`);
    const minArea = intOption(values['min-area'], 'min-area', { min: 0 });
    const threshold = parseThreshold(values.threshold);
    const dir = method === 'lungs' ? undefined : resolveModelDir(values.model);
    if (method !== 'lungs' && !dir) throw new EngineError('MODEL', 'no default model installed (models/default); pass --model MODELDIR (train one with `taggan train`)');

    const backend = await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    let prior: LungPrior | null = null;
    const model = dir ? loadModel(dir) : null;
    try {
      if (model?.metadata.evaluation?.caveat) ctx.err(`note: model ${model.dir}: ${model.metadata.evaluation.caveat}`);
      prior = values['no-lung-prior'] ? null : openLungPrior(values['lung-model'], lungMargin);
      if (!prior && !values['no-lung-prior'] && method !== 'lungs') ctx.err('note: no lung model installed (models/lungs): the maps are not restricted to the lung fields');
      const bar = progressLine(ctx, 'tag');
      const report = await tagFiles(model, positionals, {
        outDir: values.out, method, threshold, minArea, useCam: Boolean(values.cam), formats: formats as TagFormat[], backend: backend.chosen,
        lungPrior: prior, onProgress: (done, total, file) => bar(done, total, file),
      });
      bar.end();
      for (const n of report.notes) ctx.err(`note: ${n}`);
      if (values.json) ctx.out(JSON.stringify(report));
      else {
        for (const im of report.images) {
          ctx.out(`${im.stem}: ${im.regions.length} region(s), ${im.maskArea} px, threshold ${im.threshold === null ? 'none (map below the floor)' : im.threshold.toFixed(3)}${im.probability !== undefined ? `, P(abnormal) ${im.probability.toFixed(2)}` : ''}, ${im.ms} ms`);
        }
        for (const f of report.failed) ctx.err(`failed: ${f.input}: ${f.code}: ${f.message}`);
        const lp = report.lungPrior;
        ctx.out(`model ${report.model}; ${lp ? (method === 'lungs' ? 'whole lung field' : `lung prior ${lp.model}, margin ${lp.margin}`) : 'no lung prior'}; ${report.images.length} image(s) written to ${values.out} (proposals.json)`);
      }
      return report.failed.length > 0 ? 1 : 0;
    } finally {
      prior?.model.dispose();
      model?.dispose();
    }
  },
};
