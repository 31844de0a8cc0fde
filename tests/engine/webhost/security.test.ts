import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { EngineCallError, EngineClient, type ClientTransport } from '../../../engine/protocol/client';
import type { EngineNotice, ServerMessage } from '../../../engine/protocol/messages';
import { decodeFrame, encodeFrame } from '../../../engine/protocol/wire';
import { startWebHost, type WebHost } from '../../../engine/src/webhost/server';

let host: WebHost;
before(async () => { host = await startWebHost({ log: () => {} }); });
after(async () => { await host.close(); });

/** Tries a WebSocket upgrade; resolves with the HTTP status the host answered, or 101 when it opened. */
function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.on('error', () => resolve(-1));
  });
}

const origin = () => ({ Origin: `http://127.0.0.1:${host.port}` });

test('the engine socket refuses a missing or wrong token', async () => {
  assert.equal(await upgradeStatus('/engine', origin()), 401);
  assert.equal(await upgradeStatus('/engine?token=wrong', origin()), 401);
  assert.equal(await upgradeStatus(`/engine?token=${host.token.slice(0, -1)}x`, origin()), 401);
});

test('the engine socket refuses a foreign Origin (or none) even with the right token', async () => {
  assert.equal(await upgradeStatus(`/engine?token=${host.token}`, { Origin: 'http://evil.example' }), 403);
  assert.equal(await upgradeStatus(`/engine?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port + 1}` }), 403);
  assert.equal(await upgradeStatus(`/engine?token=${host.token}`, {}), 403);
  assert.equal(await upgradeStatus(`/engine?token=${host.token}`, origin()), 101);
});

function httpGet(path: string, hostHeader?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: hostHeader ? { Host: hostHeader } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('pages are served only for our own Host, with a strict CSP, and never outside the renderer folder', async () => {
  const ok = await httpGet('/');
  assert.equal(ok.status, 200);
  assert.match(String(ok.headers['content-security-policy']), /default-src 'self'/);
  assert.equal((await httpGet('/', 'evil.example:80')).status, 403);
  assert.equal((await httpGet('/../package.json')).status, 404);
  assert.equal((await httpGet('/%2e%2e/%2e%2e/package.json')).status, 404);
});

function wsTransport(): Promise<ClientTransport> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/engine?token=${host.token}`, { headers: origin() });
    const listeners = new Set<(m: ServerMessage) => void>();
    const closers = new Set<(r: string) => void>();
    ws.on('message', (d: Buffer) => { const m = decodeFrame(new Uint8Array(d)) as ServerMessage; for (const l of listeners) l(m); });
    ws.on('close', () => { for (const l of closers) l('closed'); });
    ws.on('error', reject);
    ws.on('open', () => resolve({
      send: (m) => ws.send(encodeFrame(m)),
      onMessage: (l) => { listeners.add(l); return () => listeners.delete(l); },
      onClose: (l) => { closers.add(l); return () => closers.delete(l); },
      close: () => ws.close(),
    }));
  });
}

test('with token and origin the real engine answers through the socket; two clients keep their own ids', async () => {
  const a = new EngineClient(await wsTransport());
  const b = new EngineClient(await wsTransport());
  const [ha, hb] = await Promise.all([a.call('hello', {}), b.call('hello', {})]);
  assert.equal(ha.name, 'TagGAN Desk engine');
  assert.equal(ha.pid, hb.pid, 'one engine process serves both');
  assert.notEqual(ha.pid, process.pid, 'the engine runs in its own process');
  await assert.rejects(a.call('debug.sleep', { ms: -1, steps: 1 }), (e: EngineCallError) => e.code === 'BAD_REQUEST');
  a.close();
  b.close();
});

test('when the engine process dies, open calls fail with ENGINE_EXITED and it is restarted', async () => {
  const c = new EngineClient(await wsTransport());
  const notices: EngineNotice[] = [];
  c.onNotice((n) => notices.push(n));
  const { pid } = await c.call('hello', {});
  const open = c.call('debug.sleep', { ms: 20_000, steps: 20 });
  await new Promise((r) => setTimeout(r, 200));
  process.kill(pid, 'SIGKILL');
  await assert.rejects(open, (e: EngineCallError) => e.code === 'ENGINE_EXITED');
  const exit = notices.find((n) => n.type === 'engine-exit');
  assert.ok(exit && exit.type === 'engine-exit');
  assert.deepEqual(exit.reason, { kind: 'crashed', exitCode: null, signal: 'SIGKILL' });
  assert.equal(typeof exit.restartInMs, 'number');
  // The host restarts it after the backoff; the same socket then reaches a new engine.
  let again: number | undefined;
  for (let i = 0; i < 60 && again === undefined; i++) {
    await new Promise((r) => setTimeout(r, 250));
    again = await c.call('hello', {}).then((h) => h.pid, () => undefined);
  }
  assert.ok(again !== undefined && again !== pid, 'a new engine process answers');
  c.close();
});
