/**
 * The engine as its own process: an Electron utility process (talks over MessagePorts handed to it by
 * the main process) or a Node child process forked by the web host (talks over the IPC channel with
 * structured-clone serialisation). Bundled to dist/engine/engine-process.mjs.
 */
import { isConnectMessage } from '../protocol/messages';
import { createEngine } from './methods/createEngine';

interface PortLike {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  on(event: 'close', cb: () => void): void;
  off?(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
}
interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown; ports: PortLike[] }) => void): void;
}

const backendArg = process.argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
const engine = createEngine({ backend: backendArg, onShutdown: () => process.exit(0) });

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  // Electron utility process: the main process sends one MessagePortMain per renderer connection.
  parentPort.on('message', (e) => {
    if (!isConnectMessage(e.data)) return;
    for (const port of e.ports ?? []) {
      const listeners = new Set<(m: unknown) => void>();
      port.on('message', (ev) => { for (const l of listeners) l(ev.data); });
      const disconnect = engine.connect({
        // MessagePortMain drops transferred ArrayBuffers (electron#37157), so everything is copied.
        send: (m) => port.postMessage(m),
        onMessage: (l) => { listeners.add(l); return () => listeners.delete(l); },
        guest: true, // a window: the main process owns the engine
      });
      port.on('close', disconnect);
      port.start();
    }
  });
} else if (process.send) {
  const send = process.send.bind(process);
  engine.connect({
    send: (m) => { send(m); },
    onMessage: (l) => { process.on('message', l); return () => process.off('message', l); },
  });
  process.on('disconnect', () => process.exit(0));
} else {
  process.stderr.write('engine-process: start me from the desktop app or the web host (no IPC channel)\n');
  process.exit(2);
}
