import { empty, number, object } from '../../protocol/schema';
import type { Registry } from '../core/registry';
import { EngineError } from '../errors';
import { availableBackends, initBackend } from '../tf/backends';
import { ENGINE_VERSION, PROTOCOL_VERSION } from '../version';
import type { EngineOptions } from './createEngine';

/** hello, shutdown and debug.sleep: the engine's own methods. */
export function registerSystemMethods(reg: Registry, opts: EngineOptions): void {
  reg.add('hello', empty(), async () => {
    const backend = await initBackend(opts.backend);
    return {
      name: 'TagGAN Desk engine',
      version: ENGINE_VERSION,
      protocol: PROTOCOL_VERSION,
      backend,
      available: await availableBackends(),
      node: process.versions.node,
      pid: process.pid,
      platform: `${process.platform}-${process.arch}`,
    };
  });

  reg.add('shutdown', empty(), () => {
    // Let the reply leave before the host stops the process.
    setTimeout(() => opts.onShutdown?.(), 20);
    return { ok: true as const };
  });

  reg.add('debug.sleep', object({ ms: number({ min: 0, max: 60_000 }), steps: number({ int: true, min: 1, max: 1000 }) }), async (p, ctx) => {
    const t0 = Date.now();
    for (let i = 0; i < p.steps; i++) {
      ctx.progress({ stage: 'sleeping', done: i, total: p.steps, unit: 'steps' });
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, p.ms / p.steps);
        ctx.signal.addEventListener('abort', () => { clearTimeout(t); reject(new EngineError('CANCELLED', 'debug.sleep cancelled')); }, { once: true });
      });
    }
    return { slept: Date.now() - t0 };
  });
}
