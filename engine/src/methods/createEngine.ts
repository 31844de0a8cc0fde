import { registerFsMethods } from './fs';
import { registerImageMethods } from './image';
import { registerLungMethods } from './lungs';
import { LungModelCache } from '../lungs/lungModelCache';
import { registerModelMethods } from './model';
import { registerSegmenterMethods } from './segmenter';
import { registerSystemMethods } from './system';
import { registerThumbnailMethods } from './thumbnail';
import { registerWorkspaceMethods, WorkspaceSession } from './workspace';
import { Engine } from '../core/engine';
import { Registry } from '../core/registry';
import { registerPacsMethods } from './pacs';
import { registerSampleMethods } from './samples';
import { ModelCache } from '../propose/modelCache';

export interface EngineOptions {
  /** Backend to force (else TAGGAN_BACKEND, else the ladder). */
  backend?: string;
  /** Called after a `shutdown` request was answered (and the workspace closed); the host ends the process. */
  onShutdown?: () => void;
}

/** The engine with every method module registered. */
export function createEngine(opts: EngineOptions = {}): Engine {
  const reg = new Registry();
  const workspace = new WorkspaceSession();
  registerSystemMethods(reg, {
    ...opts,
    onShutdown: () => {
      workspace.close();
      opts.onShutdown?.();
    },
  });
  registerImageMethods(reg);
  registerFsMethods(reg);
  registerThumbnailMethods(reg);
  registerWorkspaceMethods(reg, workspace);
  const lungCache = new LungModelCache();
  registerLungMethods(reg, lungCache, { backend: opts.backend });
  const caches = { models: new ModelCache(), lungs: lungCache };
  registerModelMethods(reg, workspace, { backend: opts.backend, caches });
  registerSegmenterMethods(reg, workspace, { backend: opts.backend });
  registerSampleMethods(reg, workspace, { backend: opts.backend, caches });
  registerPacsMethods(reg, workspace);
  return new Engine(reg);
}
