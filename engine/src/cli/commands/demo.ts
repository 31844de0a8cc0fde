/** `taggan demo --out DIR`: the sample workspace from the command line (what "Try the samples" does in the app). */
import { parseArgs } from 'node:util';
import { LungModelCache } from '../../lungs/lungModelCache';
import { EngineError } from '../../errors';
import { ModelCache } from '../../propose/modelCache';
import { fillSampleWorkspace } from '../../samples/fillSampleWorkspace';
import { Workspace } from '../../workspace/workspace';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'create a sample workspace from the shipped radiographs, label them and run the default model\'s proposals',
  usage: 'taggan demo --out DIR [--backend B] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    if (!values.out) throw new EngineError('BAD_REQUEST', '--out DIR is required (a new or empty folder for the workspace)');
    const backend = await ctx.useBackend(values.backend, { quietStdout: Boolean(values.json) });
    const ws = Workspace.init(values.out);
    const caches = { models: new ModelCache(), lungs: new LungModelCache() };
    try {
      let bar = progressLine(ctx, 'demo');
      let stage = '';
      const r = await fillSampleWorkspace(ws, caches, {
        backend: backend.chosen,
        onProgress: (s, done, total) => {
          if (s !== stage) {
            bar.end();
            bar = progressLine(ctx, s);
            stage = s;
          }
          bar(done, total);
        },
      });
      bar.end();
      if (values.json) {
        ctx.out(JSON.stringify(r));
        return r.failed.length ? 1 : 0;
      }
      ctx.out(`sample workspace ${r.status.dir}: ${r.images} images, labelled ${Object.entries(r.labelled).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      const found = r.proposals.filter((p) => p.maskArea > 0);
      ctx.out(`model ${r.model}: proposed on ${r.proposals.length} images; a region on ${found.length}${found.length ? ` (${found.map((p) => `image ${p.imageId}: ${p.regions} region(s), ${p.maskArea} px`).join('; ')})` : ''}`);
      const probs = r.proposals.filter((p) => p.probability !== null);
      if (probs.length) ctx.out(`classifier P(abnormal): ${probs.map((p) => `image ${p.imageId} ${p.probability!.toFixed(2)}`).join(', ')}`);
      if (r.caveat) ctx.out(`caveat: ${r.caveat}`);
      for (const f of r.failed) ctx.err(`failed: image ${f.imageId}: ${f.code}: ${f.message}`);
      ctx.out(r.attribution);
      ctx.out(`open it in the app (Open workspace) or: taggan workspace status ${r.status.dir}`);
      return r.failed.length ? 1 : 0;
    } finally {
      caches.models.clear();
      caches.lungs.clear();
      ws.close();
    }
  },
};
