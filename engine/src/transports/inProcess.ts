import type { ClientTransport } from '../../protocol/client';
import type { ServerMessage } from '../../protocol/messages';
import type { Engine } from '../core/engine';

/**
 * Connects a client to an engine in the same process (tests, CLI). Messages are delivered asynchronously,
 * like a real pipe; typed arrays are passed by reference.
 */
export function connectInProcess(engine: Engine): ClientTransport {
  const toClient = new Set<(m: ServerMessage) => void>();
  const toEngine = new Set<(m: unknown) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  let closed = false;
  const disconnect = engine.connect({
    send: (m) => queueMicrotask(() => { if (!closed) for (const l of toClient) l(m); }),
    onMessage: (l) => { toEngine.add(l); return () => toEngine.delete(l); },
  });
  return {
    send: (m) => {
      if (closed) throw new Error('transport closed');
      queueMicrotask(() => { for (const l of toEngine) l(m); });
    },
    onMessage: (l) => { toClient.add(l); return () => toClient.delete(l); },
    onClose: (l) => { closeListeners.add(l); return () => closeListeners.delete(l); },
    close: () => {
      if (closed) return;
      closed = true;
      disconnect();
      for (const l of closeListeners) l('closed');
    },
  };
}
