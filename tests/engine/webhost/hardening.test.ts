/**
 * The web host survives hostile clients: malformed WebSocket frames close that socket only, a frame over the
 * size limit is closed with 1009, deeply nested params are refused typed (never reach child.send), `shutdown`
 * from a web client is refused, and an engine that exits is restarted even after a "clean" exit.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { EngineCallError, EngineClient, type ClientTransport } from '../../../engine/protocol/client';
import type { EngineNotice, ServerMessage } from '../../../engine/protocol/messages';
import { decodeFrame, encodeFrame } from '../../../engine/protocol/wire';
import { MAX_PARAMS_DEPTH, WS_MAX_PAYLOAD_BYTES } from '../../../engine/src/webhost/limits';
import { EngineChild } from '../../../engine/src/webhost/engineChild';
import { startWebHost, type WebHost } from '../../../engine/src/webhost/server';

let host: WebHost;
const logs: string[] = [];
before(async () => { host = await startWebHost({ log: (l) => logs.push(l) }); });
after(async () => { await host.close(); });

const url = () => `ws://127.0.0.1:${host.port}/engine?token=${host.token}`;
const headers = () => ({ Origin: `http://127.0.0.1:${host.port}` });

function openRaw(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url(), { headers: headers() });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function client(): Promise<EngineClient> {
  return openRaw().then((ws) => {
    const listeners = new Set<(m: ServerMessage) => void>();
    const closers = new Set<(r: string) => void>();
    ws.on('message', (d: Buffer) => { const m = decodeFrame(new Uint8Array(d)) as ServerMessage; for (const l of listeners) l(m); });
    ws.on('close', () => { for (const l of closers) l('closed'); });
    const t: ClientTransport = {
      send: (m) => ws.send(encodeFrame(m)),
      onMessage: (l) => { listeners.add(l); return () => listeners.delete(l); },
      onClose: (l) => { closers.add(l); return () => closers.delete(l); },
      close: () => ws.close(),
    };
    return new EngineClient(t);
  });
}

/** Writes raw bytes on an open client socket and resolves with the close code the host answered with. */
function sendRaw(bytes: Buffer): Promise<number> {
  return openRaw().then((ws) => new Promise<number>((resolve) => {
    ws.on('error', () => {});
    ws.on('close', (code) => resolve(code));
    (ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(bytes);
  }));
}

/** A client->server frame header with a mask key (all client frames must be masked unless noted). */
function frame(first: number, payload: Buffer, opts: { mask?: boolean; lenOverride?: bigint } = {}): Buffer {
  const mask = opts.mask ?? true;
  const len = opts.lenOverride ?? BigInt(payload.length);
  let head: Buffer;
  if (len < 126n) head = Buffer.from([first, (mask ? 0x80 : 0) | Number(len)]);
  else if (len < 65536n) { head = Buffer.alloc(4); head[0] = first; head[1] = (mask ? 0x80 : 0) | 126; head.writeUInt16BE(Number(len), 2); }
  else { head = Buffer.alloc(10); head[0] = first; head[1] = (mask ? 0x80 : 0) | 127; head.writeBigUInt64BE(len, 2); }
  const key = mask ? Buffer.from([1, 2, 3, 4]) : Buffer.alloc(0);
  const body = Buffer.from(payload.map((b, i) => (mask ? b ^ key[i % 4]! : b)));
  return Buffer.concat([head, key, body]);
}

test('malformed frames close that socket only; the host and the engine keep serving other clients', async () => {
  const witness = await client();
  const { pid } = await witness.call('hello', {});
  const kinds: [string, Buffer][] = [
    ['reserved opcode 3', frame(0x83, Buffer.from('x'))],
    ['RSV1 set without an extension', frame(0xc2, Buffer.from('x'))],
    ['unmasked client frame', frame(0x82, Buffer.from('x'), { mask: false })],
    ['invalid UTF-8 text frame', frame(0x81, Buffer.from([0xff, 0xfe, 0xfd]))],
    ['invalid close code', frame(0x88, Buffer.from([0x03, 0xe7]))],
    ['fragmented control frame (ping without FIN)', frame(0x09, Buffer.from('x'))],
    ['64-bit length with the top bit set', frame(0x82, Buffer.alloc(0), { lenOverride: 1n << 63n })],
    ['smallest: 4 bytes, continuation without a start', Buffer.from([0x80, 0x80, 0, 0])],
  ];
  for (const [what, bytes] of kinds) {
    const code = await sendRaw(bytes);
    assert.ok(code >= 1000, `${what}: closed with ${code}`);
    const h = await witness.call('hello', {});
    assert.equal(h.pid, pid, `${what}: the same engine still answers`);
  }
  witness.close();
});

test(`a frame over ${WS_MAX_PAYLOAD_BYTES} bytes is refused with 1009 before it is buffered`, async () => {
  const code = await sendRaw(frame(0x82, Buffer.alloc(16), { lenOverride: BigInt(512 << 20) }));
  assert.equal(code, 1009);
  const c = await client();
  assert.equal((await c.call('hello', {})).name, 'TagGAN Desk engine');
  c.close();
});

test(`params nested deeper than ${MAX_PARAMS_DEPTH} levels are refused typed; 5000 levels (30 KB) do not reach child.send`, async () => {
  const c = await client();
  const { pid } = await c.call('hello', {});
  // Written as JSON text by hand: the test's own encoder would overflow its stack on this input.
  const text = `{"kind":"request","id":7,"method":"hello","params":${'{"a":'.repeat(5000)}{}${'}'.repeat(5000)}}`;
  const ws = await openRaw();
  const reply = await new Promise<ServerMessage>((resolve) => {
    ws.on('message', (d: Buffer) => resolve(decodeFrame(new Uint8Array(d)) as ServerMessage));
    ws.send(text);
  });
  assert.equal(reply.kind, 'error');
  assert.ok(reply.kind === 'error' && reply.id === 7 && reply.error.code === 'BAD_REQUEST' && /nest deeper/.test(reply.error.message), JSON.stringify(reply));
  ws.close();
  assert.equal((await c.call('hello', {})).pid, pid, 'the host and its engine are alive');
  c.close();
});

test('a web client cannot shut the engine down', async () => {
  const c = await client();
  const { pid } = await c.call('hello', {});
  await assert.rejects(c.call('shutdown', {}), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /reserved/.test(e.message));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await c.call('hello', {})).pid, pid);
  c.close();
});

test('an engine killed from outside (SIGTERM) is restarted and the clients are told', async () => {
  const c = await client();
  const notices: EngineNotice[] = [];
  c.onNotice((n) => notices.push(n));
  const { pid } = await c.call('hello', {});
  process.kill(pid, 'SIGTERM');
  let again: number | undefined;
  for (let i = 0; i < 80 && again === undefined; i++) {
    await new Promise((r) => setTimeout(r, 250));
    again = await c.call('hello', {}).then((h) => (h.pid !== pid ? h.pid : undefined), () => undefined);
  }
  const exit = notices.find((n) => n.type === 'engine-exit');
  assert.ok(exit && exit.type === 'engine-exit' && typeof exit.restartInMs === 'number', JSON.stringify(notices));
  assert.ok(again !== undefined, 'a new engine answers');
  c.close();
});

test('an engine that exits cleanly (code 0) without its owner asking is restarted too', async () => {
  const exits: { kind: string; restartInMs: number | null }[] = [];
  const pids: number[] = [];
  let child!: EngineChild;
  child = new EngineChild({
    message() {},
    exit(reason, restartInMs) { exits.push({ kind: reason.kind, restartInMs }); },
    ready() { if (child.pid) pids.push(child.pid); },
  });
  child.start();
  try {
    for (let i = 0; i < 100 && pids.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    // The engine's own shutdown method ends it with exit code 0, as a stray shutdown request would have.
    child.send({ kind: 'request', id: 1, method: 'shutdown', params: {} });
    for (let i = 0; i < 200 && pids.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(exits[0], { kind: 'clean', restartInMs: 500 });
    assert.equal(pids.length, 2, 'a new engine process was started');
    assert.notEqual(pids[1], pids[0]);
  } finally {
    await child.stop();
  }
  assert.equal(exits.at(-1)?.restartInMs, null, "the owner's own stop is final");
});
