import assert from 'node:assert/strict';
import { test } from 'node:test';
import { object, optional, string } from '../../../engine/protocol/schema';
import { checkSender, createIpc, IpcRefused, type InvokeEventLike } from '../../../electron/ipc';

const policy = { appOrigin: 'app://taggan/', trustedSenders: () => new Set([1]) };
const event = (over: Partial<{ url: string; parent: unknown; id: number; noFrame: boolean }> = {}): InvokeEventLike => ({
  senderFrame: over.noFrame ? null : { url: over.url ?? 'app://taggan/index.html', parent: over.parent ?? null },
  sender: { id: over.id ?? 1 },
});

test('only the main frame of our own window showing our own page may call', () => {
  assert.equal(checkSender(event(), policy), null);
  assert.match(checkSender(event({ parent: {} }), policy)!, /sub-frame/);
  assert.match(checkSender(event({ id: 2 }), policy)!, /not one of our windows/);
  assert.match(checkSender(event({ url: 'https://evil.example/' }), policy)!, /not ours/);
  assert.match(checkSender(event({ url: 'file:///etc/passwd' }), policy)!, /not ours/);
  assert.match(checkSender(event({ noFrame: true }), policy)!, /no sender frame/);
});

test('handle() validates the payload and refuses foreign senders before the handler runs', async () => {
  const handlers = new Map<string, (e: InvokeEventLike, ...a: unknown[]) => unknown>();
  const ipc = createIpc({ handle: (ch, fn) => handlers.set(ch, fn) }, policy);
  let calls = 0;
  ipc.handle('taggan:open-folder', object({ title: optional(string({ maxLength: 10 })) }), (p) => { calls++; return `ok ${p.title ?? ''}`; });
  const h = handlers.get('taggan:open-folder')!;
  assert.equal(await h(event(), { title: 'Pick' }), 'ok Pick');
  await assert.rejects(async () => h(event(), { title: 42 }), (e: Error) => e instanceof IpcRefused && /title: expected a string/.test(e.message));
  await assert.rejects(async () => h(event(), { title: 'x'.repeat(11) }), IpcRefused);
  await assert.rejects(async () => h(event(), { path: '/etc' }), (e: Error) => /unknown field/.test(e.message));
  await assert.rejects(async () => h(event(), {}, 'extra'), (e: Error) => /at most one argument/.test(e.message));
  await assert.rejects(async () => h(event({ url: 'https://evil.example/' }), {}), IpcRefused);
  assert.equal(calls, 1, 'the handler ran only for the valid call');
  assert.throws(() => ipc.handle('taggan:open-folder', object({}), () => 0), /registered twice/);
});
