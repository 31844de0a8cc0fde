/**
 * The web host: serves the built renderer and bridges the engine protocol over a WebSocket on 127.0.0.1.
 * The engine runs as a child process; every browser connection is multiplexed onto it with its own ids.
 * Refuses: a missing or wrong token, a foreign Origin, a foreign Host header.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../protocol/messages';
import { isClientMessage } from '../../protocol/messages';
import { decodeFrame, encodeFrame } from '../../protocol/wire';
import { appRoot } from '../host/paths';
import { EngineChild } from './engineChild';
import { HOST_ONLY_METHODS, MAX_PARAMS_DEPTH, nestingExceeds, WS_MAX_PAYLOAD_BYTES } from './limits';
import { allowedOrigins, hostAllowed, newToken, tokenMatches, webHostCsp } from './security';
import { serveStatic } from './static';

export interface WebHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default random. */
  token?: string;
  backend?: string;
  /** Folder with the built renderer (default dist/renderer). */
  staticDir?: string;
  log?: (line: string) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions = {}): Promise<WebHost> {
  const token = opts.token ?? newToken();
  const staticDir = opts.staticDir ?? join(appRoot(), 'dist', 'renderer');
  const log = opts.log ?? (() => {});
  let port = 0;

  const clients = new Set<WebSocket>();
  /** engine-side id -> the client and its own id */
  const routes = new Map<number, { ws: WebSocket; id: number }>();
  let nextGlobalId = 1;

  const sendTo = (ws: WebSocket, m: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(m));
  };

  const engine = new EngineChild(
    {
      message(m) {
        if (m.kind === 'notice') {
          for (const ws of clients) sendTo(ws, m);
          return;
        }
        const route = routes.get(m.id);
        if (!route) return;
        if (m.kind !== 'progress') routes.delete(m.id);
        sendTo(route.ws, { ...m, id: route.id } as ServerMessage);
      },
      exit(reason, restartInMs) {
        log(`engine exited (${reason.kind}); ${restartInMs === null ? 'not restarting' : `restarting in ${restartInMs} ms`}`);
        for (const [gid, r] of routes) {
          sendTo(r.ws, { kind: 'error', id: r.id, error: { code: 'ENGINE_EXITED', message: `the engine stopped (${reason.kind}) while this request was open` } });
          routes.delete(gid);
        }
        for (const ws of clients) sendTo(ws, { kind: 'notice', notice: { type: 'engine-exit', reason, restartInMs } });
      },
      ready() {},
    },
    opts.backend,
  );
  engine.start();

  const server = createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': webHostCsp(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, headers).end('forbidden host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!serveStatic(staticDir, url.pathname, res, headers)) res.writeHead(404, headers).end('not found');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  // A server-level error (never expected with noServer) must not end the host.
  wss.on('error', (e) => log(`engine socket server error: ${e.message}`));

  const refuse = (socket: Duplex, status: number, why: string) => {
    log(`refused engine connection: ${why}`);
    socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset or malformed upgrade closes this socket only.
    socket.on('error', (e) => log(`engine connection error before upgrade: ${e.message}`));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/engine') return refuse(socket, 404, 'Not Found');
    if (!hostAllowed(req.headers.host, port)) return refuse(socket, 403, 'Forbidden host');
    if (!allowedOrigins(port).includes(String(req.headers.origin ?? ''))) return refuse(socket, 403, 'Forbidden origin');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    clients.add(ws);
    ws.binaryType = 'nodebuffer';
    // A malformed frame, a frame over the size limit (closed with 1009), a reset: this socket closes, nothing else.
    ws.on('error', (e) => {
      log(`engine connection closed on error: ${e.message}`);
      ws.terminate();
    });
    const mine = new Map<number, number>(); // client id -> global id
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      try {
        onMessage(data, isBinary);
      } catch (e) {
        // Whatever a client sends, the host survives it.
        log(`engine request refused: ${(e as Error).message}`);
        sendTo(ws, { kind: 'error', id: -1, error: { code: 'BAD_REQUEST', message: 'request refused' } });
      }
    });
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      let msg: unknown;
      try {
        msg = isBinary ? decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) : JSON.parse(data.toString());
      } catch {
        sendTo(ws, { kind: 'error', id: -1, error: { code: 'BAD_REQUEST', message: 'unreadable frame' } });
        return;
      }
      if (!isClientMessage(msg)) {
        sendTo(ws, { kind: 'error', id: -1, error: { code: 'BAD_REQUEST', message: 'malformed message' } });
        return;
      }
      const m = msg as ClientMessage;
      if (m.kind === 'request' && HOST_ONLY_METHODS.has(m.method)) {
        sendTo(ws, { kind: 'error', id: m.id, error: { code: 'BAD_REQUEST', message: `"${m.method}" is reserved to the process that owns the engine (stop the web host itself to end it)` } });
        return;
      }
      if (m.kind === 'request' && nestingExceeds(m.params, MAX_PARAMS_DEPTH)) {
        sendTo(ws, { kind: 'error', id: m.id, error: { code: 'BAD_REQUEST', message: `params nest deeper than ${MAX_PARAMS_DEPTH} levels; refused` } });
        return;
      }
      if (m.kind === 'cancel') {
        const gid = mine.get(m.id);
        if (gid !== undefined) engine.send({ kind: 'cancel', id: gid });
        return;
      }
      const gid = nextGlobalId++;
      mine.set(m.id, gid);
      routes.set(gid, { ws, id: m.id });
      let sent: boolean;
      try {
        sent = engine.send({ ...m, id: gid });
      } catch (e) {
        // The IPC channel could not serialise it (depth, size, type): this request is refused, nothing else.
        routes.delete(gid);
        sendTo(ws, { kind: 'error', id: m.id, error: { code: 'BAD_REQUEST', message: `the request cannot be passed to the engine (${(e as Error).message})` } });
        return;
      }
      if (!sent) {
        routes.delete(gid);
        sendTo(ws, { kind: 'error', id: m.id, error: { code: 'ENGINE_EXITED', message: 'the engine is not running (restarting?)' } });
      }
    };
    ws.on('close', () => {
      clients.delete(ws);
      for (const gid of mine.values()) {
        if (routes.get(gid)?.ws === ws) {
          routes.delete(gid);
          engine.send({ kind: 'cancel', id: gid });
        }
      }
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const ws of clients) ws.terminate();
      wss.close();
      await engine.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
