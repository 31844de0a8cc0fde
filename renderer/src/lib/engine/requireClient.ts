import type { EngineClient } from '../../../../engine/protocol/client';

/** The engine client, or an error a state class turns into a notice ("not connected to the engine"). */
export function requireClient(get: () => EngineClient | null): EngineClient {
  const c = get();
  if (!c) throw new Error('not connected to the engine');
  return c;
}
