import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { aggregateMetrics } from '../../metrics/aggregateMetrics';
import { evaluateImage } from '../../metrics/evaluateImage';
import { loadEvalSet, type TruthDirOptions } from '../../metrics/loadEvalSet';
import type { CliCommand, CliContext } from '../command';

const pct = (v: number | null) => (v === null ? '   n/a' : `${(100 * v).toFixed(1).padStart(5)}%`);

/** Several prediction folders against one truth: one row each (method | Dice | IoU | PoI | normals | any). */
function compare(preds: string[], truth: string, opts: TruthDirOptions, json: boolean, ctx: CliContext): number {
  const rows = preds.map((p) => {
    const m = /^([^=/]+)=(.+)$/.exec(p);
    const name = m ? m[1]! : basename(p);
    const set = loadEvalSet(resolve(m ? m[2]! : p), truth, opts);
    if (set.images.length === 0) throw new EngineError('BAD_DATASET', 'no image to evaluate', truth);
    return { name, ...aggregateMetrics(set.images.map(evaluateImage)) };
  });
  if (json) {
    ctx.out(JSON.stringify(rows));
    return 0;
  }
  const w = Math.max(6, ...rows.map((r) => r.name.length));
  ctx.out(`| ${'method'.padEnd(w)} |   Dice |    IoU |    PoI | area flagged on normals | images with any proposal (abnormal / normal) |`);
  ctx.out(`|${'-'.repeat(w + 2)}|--------|--------|--------|-------------------------|-----------------------------------------------|`);
  for (const r of rows) {
    ctx.out(`| ${r.name.padEnd(w)} | ${pct(r.dice)} | ${pct(r.iou)} | ${pct(r.poi)} | ${pct(r.normalFlaggedArea).padStart(23)} | ${`${r.abnormalWithProposal}/${r.nAbnormal} / ${r.normalWithProposal}/${r.nNormal}`.padStart(45)} |`);
  }
  return 0;
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'score predicted masks (STEM.mask.png) against true masks or boxes: PoI, IoU, Dice, box hits',
  usage: 'taggan eval --pred [NAME=]DIR [--pred NAME=DIR ...] --truth DIR|boxes.csv [--masks SUBDIR] [--normal-label normal] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        pred: { type: 'string', multiple: true }, truth: { type: 'string' }, masks: { type: 'string' },
        'normal-label': { type: 'string' }, json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.pred?.length) throw new EngineError('BAD_REQUEST', '--pred DIR is required');
    if (!values.truth) throw new EngineError('BAD_REQUEST', '--truth DIR|boxes.csv is required');
    const truthOpts = { masks: values.masks, normalLabel: values['normal-label'] };
    if (values.pred.length > 1) return compare(values.pred, resolve(values.truth), truthOpts, Boolean(values.json), ctx);
    const set = loadEvalSet(resolve(values.pred[0]!.replace(/^[^=/]+=/, '')), resolve(values.truth), truthOpts);
    if (set.images.length === 0) throw new EngineError('BAD_DATASET', 'no image to evaluate', resolve(values.truth));
    const images = set.images.map(evaluateImage);
    const m = aggregateMetrics(images);
    if (values.json) {
      ctx.out(JSON.stringify({ ...m, truth: set.kind, unmatched: set.unmatched, images }));
      return 0;
    }
    ctx.out(`${'image'.padEnd(28)} ${'label'.padEnd(8)} ${'pred px'.padStart(8)} ${'true px'.padStart(8)}    PoI    IoU   Dice  boxes hit`);
    for (const r of images) {
      ctx.out(
        `${r.stem.padEnd(28)} ${r.label.padEnd(8)} ${String(r.predArea).padStart(8)} ${String(r.truthArea).padStart(8)} ${pct(r.poi)} ${pct(r.iou)} ${pct(r.dice)} ${String(r.boxes).padStart(6)} ${String(r.boxHits).padStart(3)}`,
      );
    }
    ctx.out('');
    ctx.out(`images: ${m.n} (${m.nAbnormal} abnormal, ${m.nNormal} normal), truth: ${set.kind}`);
    ctx.out(`PoI  ${pct(m.poi)}  (mean over ${m.poiImages} abnormal images with a prediction)`);
    ctx.out(`IoU  ${pct(m.iou)}  Dice ${pct(m.dice)}  (mean over abnormal images)`);
    ctx.out(`box hit rate ${pct(m.boxHit)}  (${m.boxHits}/${m.boxes} truth boxes overlapped by a predicted region)`);
    ctx.out(`flagged area on normal images ${pct(m.normalFlaggedArea)}`);
    ctx.out(`images with any proposal: ${m.abnormalWithProposal}/${m.nAbnormal} abnormal, ${m.normalWithProposal}/${m.nNormal} normal`);
    if (set.unmatched.length) ctx.out(`not evaluated (no labels.csv entry): ${set.unmatched.join(', ')}`);
    return 0;
  },
};
