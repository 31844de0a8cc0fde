/** samples.create: the sample workspace ("Try the samples"), created, filled and left open in the engine. */
import { isAbsolute } from 'node:path';
import { object, optional, string } from '../../protocol/schema';
import type { Registry } from '../core/registry';
import { EngineError } from '../errors';
import type { ProposerCaches } from '../propose/proposeWorkspaceImages';
import { defaultSampleWorkspaceDir, fillSampleWorkspace } from '../samples/fillSampleWorkspace';
import type { WorkspaceSession } from './workspace';

export function registerSampleMethods(reg: Registry, session: WorkspaceSession, opts: { backend?: string; caches: ProposerCaches }): void {
  reg.add('samples.create', object({ dir: optional(string({ minLength: 1 })) }), (p, ctx) => {
    if (p.dir !== undefined && !isAbsolute(p.dir)) throw new EngineError('BAD_REQUEST', `samples.create needs an absolute folder path, not "${p.dir}"`, p.dir);
    const ws = session.open(p.dir ?? defaultSampleWorkspaceDir(), true);
    return fillSampleWorkspace(ws, opts.caches, {
      backend: opts.backend, signal: ctx.signal,
      onProgress: (stage, done, total) => ctx.progress({ stage, done, total, unit: 'images' }),
    });
  });
}
