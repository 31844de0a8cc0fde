import { registerFsMethods } from '../methods/fs';
import { registerImageMethods } from '../methods/image';
import { registerLungMethods } from '../methods/lungs';
import { LungModelCache } from '../lungs/lungModelCache';
import { registerModelMethods } from '../methods/model';
import { registerPacsMethods } from '../methods/pacs';
import { registerSampleMethods } from '../methods/samples';
import { ModelCache } from '../propose/modelCache';
import { registerSystemMethods } from '../methods/system';
import { registerThumbnailMethods } from '../methods/thumbnail';
import { registerWorkspaceMethods, WorkspaceSession } from '../methods/workspace';
import { Engine } from './engine';
import { Registry } from './registry';

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
  registerSampleMethods(reg, workspace, { backend: opts.backend, caches });
  registerPacsMethods(reg, workspace);
  return new Engine(reg);
}
