import { registerFsMethods } from '../methods/fs';
import { registerImageMethods } from '../methods/image';
import { registerSystemMethods } from '../methods/system';
import { Engine } from './engine';
import { Registry } from './registry';

export interface EngineOptions {
  /** Backend to force (else TAGGAN_BACKEND, else the ladder). */
  backend?: string;
  /** Called after a `shutdown` request was answered; the host ends the process. */
  onShutdown?: () => void;
}

/** The engine with every method module registered. */
export function createEngine(opts: EngineOptions = {}): Engine {
  const reg = new Registry();
  registerSystemMethods(reg, opts);
  registerImageMethods(reg);
  registerFsMethods(reg);
  return new Engine(reg);
}
