/**
 * Finds the engine, whichever host the page runs in: the desktop app (preload hands over a MessagePort,
 * again after every engine restart) or the web host (WebSocket with the token from the page URL).
 */
import { EngineClient } from '../../../../engine/protocol/client';
import type { EngineExitReason } from '../../../../engine/protocol/messages';
import type { DesktopApi } from '../../../../electron/contract';
import { ENGINE_EXIT_MESSAGE, ENGINE_PORT_MESSAGE } from '../../../../electron/contract';
import { portTransport } from './portTransport';
import { connectWebSocket } from './wsTransport';

export type HostKind = 'desktop' | 'web';

export interface EngineConnection {
  host: HostKind;
  client: EngineClient;
  desktop: DesktopApi | null;
  /** Called every time a (new) engine connection is ready, e.g. after a restart. */
  onReady(listener: () => void): () => void;
  onExit(listener: (reason: EngineExitReason, restartInMs: number | null) => void): () => void;
}

export function desktopApi(): DesktopApi | null {
  return (window as unknown as { taggan?: DesktopApi }).taggan ?? null;
}

export async function connectEngine(): Promise<EngineConnection> {
  const client = new EngineClient();
  const readyListeners = new Set<() => void>();
  const exitListeners = new Set<(reason: EngineExitReason, restartInMs: number | null) => void>();
  const desktop = desktopApi();
  const conn: EngineConnection = {
    host: desktop ? 'desktop' : 'web',
    client,
    desktop,
    onReady: (l) => { readyListeners.add(l); return () => readyListeners.delete(l); },
    onExit: (l) => { exitListeners.add(l); return () => exitListeners.delete(l); },
  };
  client.onNotice((n) => {
    if (n.type === 'engine-exit') for (const l of exitListeners) l(n.reason, n.restartInMs);
  });

  if (desktop) {
    let current: ReturnType<typeof portTransport> | undefined;
    await new Promise<void>((resolve) => {
      window.addEventListener('message', (ev: MessageEvent) => {
        if (ev.source !== window || ev.origin !== window.location.origin) return;
        const data = ev.data as { type?: string; info?: { reason: EngineExitReason; restartInMs: number | null } };
        if (data?.type === ENGINE_PORT_MESSAGE && ev.ports[0]) {
          current = portTransport(ev.ports[0]);
          client.attach(current);
          for (const l of readyListeners) l();
          resolve();
        } else if (data?.type === ENGINE_EXIT_MESSAGE && data.info) {
          current?.fail(`engine ${data.info.reason.kind}`);
          for (const l of exitListeners) l(data.info.reason, data.info.restartInMs);
        }
      });
    });
    return conn;
  }

  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) throw new Error('This page needs the link printed by `npm run serve` (it carries the access token).');
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/engine?token=${encodeURIComponent(token)}`;
  client.attach(await connectWebSocket(wsUrl));
  // After an engine restart the web host keeps the socket; the engine behind it is new.
  conn.onExit((_r, restartInMs) => {
    if (restartInMs !== null) setTimeout(() => { for (const l of readyListeners) l(); }, restartInMs + 500);
  });
  return conn;
}
