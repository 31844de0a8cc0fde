/** Engine errors in words for the user: what went wrong, what it was about, and what to do. */
import { EngineCallError } from '../../../../engine/protocol/client';

export function describeError(e: unknown, doing?: string): string {
  const prefix = doing ? `${doing}: ` : '';
  if (e instanceof EngineCallError) {
    switch (e.code) {
      case 'UNKNOWN_METHOD':
        return `${prefix}this engine cannot do that yet (${e.message}). Update the app or wait for the feature.`;
      case 'ENGINE_EXITED':
        return `${prefix}the engine stopped while working (${e.message}); it restarts by itself, then try again. Saved work is safe.`;
      case 'OUT_OF_MEMORY':
        return `${prefix}out of memory (${e.message}). Close other programs, use a smaller batch or image size, then try again.`;
      case 'CANCELLED':
        return `${prefix}cancelled.`;
      case 'WORKSPACE_IN_USE':
        return `${prefix}${e.message}. Close it in the other window or program first.`;
      default:
        return `${prefix}${e.message}${e.file && !e.message.includes(e.file) ? ` (${e.file})` : ''} [${e.code}]`;
    }
  }
  return `${prefix}${e instanceof Error ? e.message : String(e)}`;
}

export function isCancelled(e: unknown): boolean {
  return e instanceof EngineCallError && e.code === 'CANCELLED';
}
