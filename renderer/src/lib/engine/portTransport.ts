import type { ClientTransport } from '../../../../engine/protocol/client';
import type { ServerMessage } from '../../../../engine/protocol/messages';

/** The desktop transport: a MessagePort handed over by the preload, straight to the engine utility process. */
export function portTransport(port: MessagePort): ClientTransport & { fail(reason: string): void } {
  const messageListeners = new Set<(m: ServerMessage) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  port.onmessage = (ev) => { for (const l of messageListeners) l(ev.data as ServerMessage); };
  port.start();
  let closed = false;
  const fail = (reason: string) => {
    if (closed) return;
    closed = true;
    port.close();
    for (const l of closeListeners) l(reason);
  };
  return {
    send: (m) => port.postMessage(m),
    onMessage: (l) => { messageListeners.add(l); return () => messageListeners.delete(l); },
    onClose: (l) => { closeListeners.add(l); return () => closeListeners.delete(l); },
    close: () => fail('closed'),
    fail,
  };
}
