import type { ClientTransport } from '../../../../engine/protocol/client';
import type { ServerMessage } from '../../../../engine/protocol/messages';
import { decodeFrame, encodeFrame } from '../../../../engine/protocol/wire';

/** The web host's transport: a WebSocket to /engine with the page's token; binary frames (engine/protocol/wire). */
export function connectWebSocket(url: string): Promise<ClientTransport> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const messageListeners = new Set<(m: ServerMessage) => void>();
    const closeListeners = new Set<(reason: string) => void>();
    let opened = false;
    ws.onmessage = (ev) => {
      const data = ev.data instanceof ArrayBuffer ? decodeFrame(new Uint8Array(ev.data)) : JSON.parse(String(ev.data));
      for (const l of messageListeners) l(data as ServerMessage);
    };
    ws.onopen = () => {
      opened = true;
      resolve({
        send: (m) => ws.send(encodeFrame(m)),
        onMessage: (l) => { messageListeners.add(l); return () => messageListeners.delete(l); },
        onClose: (l) => { closeListeners.add(l); return () => closeListeners.delete(l); },
        close: () => ws.close(),
      });
    };
    ws.onclose = (ev) => {
      if (!opened) reject(new Error(`could not connect to the engine (${ev.code}${ev.reason ? `: ${ev.reason}` : ''}); is the token in the URL right?`));
      for (const l of closeListeners) l(`connection closed (${ev.code})`);
    };
  });
}
