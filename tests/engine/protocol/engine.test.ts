import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineCallError, EngineClient } from '../../../engine/protocol/client';
import type { Progress } from '../../../engine/protocol/messages';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { connectInProcess } from '../../../engine/src/transports/inProcess';

function client() {
  return new EngineClient(connectInProcess(createEngine()));
}

test('hello names the engine, its version and the backend it chose with a reason', async () => {
  const c = client();
  const h = await c.call('hello', {});
  assert.equal(h.name, 'TagGAN Desk engine');
  assert.equal(h.version, '0.1.0');
  assert.ok(['wasm', 'cpu', 'webgpu', 'tensorflow'].includes(h.backend.chosen));
  assert.ok(h.backend.reason.length > 0);
  assert.ok(h.available.includes(h.backend.chosen));
  assert.ok(h.available.includes('cpu'));
  c.close();
});

test('unknown methods and invalid params are typed errors, not crashes', async () => {
  const c = client();
  await assert.rejects(c.call('no.such.method' as 'hello', {}), (e: EngineCallError) => e.code === 'UNKNOWN_METHOD');
  await assert.rejects(c.call('debug.sleep', { ms: 'soon' } as never), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /params.ms/.test(e.message));
  await assert.rejects(c.call('debug.sleep', { ms: 1, steps: 1, extra: 1 } as never), (e: EngineCallError) => e.code === 'BAD_REQUEST' && /unknown field/.test(e.message));
  // The engine still answers afterwards.
  assert.ok((await c.call('debug.sleep', { ms: 1, steps: 1 })).slept >= 0);
  c.close();
});

test('progress events arrive before the result, in order', async () => {
  const c = client();
  const seen: Progress<never>[] = [];
  const r = await c.call('debug.sleep', { ms: 50, steps: 5 }, { onProgress: (p) => seen.push(p) });
  assert.ok(r.slept >= 40);
  assert.deepEqual(seen.map((p) => p.done), [0, 1, 2, 3, 4]);
  assert.ok(seen.every((p) => p.total === 5));
  c.close();
});

test('a cancelled call ends with CANCELLED and the engine keeps serving', async () => {
  const c = client();
  const ac = new AbortController();
  const started = Date.now();
  const p = c.call('debug.sleep', { ms: 10_000, steps: 100 }, { signal: ac.signal, onProgress: (pr) => { if (pr.done === 2) ac.abort(); } });
  await assert.rejects(p, (e: EngineCallError) => e.code === 'CANCELLED');
  assert.ok(Date.now() - started < 5000, 'cancellation stops the job early');
  assert.equal((await c.call('hello', {})).name, 'TagGAN Desk engine');
  c.close();
});

test('closing the transport fails open calls with ENGINE_EXITED', async () => {
  const c = client();
  const p = c.call('debug.sleep', { ms: 5000, steps: 10 });
  c.close();
  await assert.rejects(p, (e: EngineCallError) => e.code === 'ENGINE_EXITED');
});
