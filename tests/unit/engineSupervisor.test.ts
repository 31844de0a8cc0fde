import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { EngineExitReason } from '../../engine/protocol/messages';
import { EngineSupervisor, type SupervisedProcess } from '../../engine/src/host/engineSupervisor';

/** A process that does what the test tells it: spawn, write to stderr, exit. */
class FakeProcess extends EventEmitter implements SupervisedProcess {
  static next = 100;
  readonly pid = FakeProcess.next++;
  exited = false;
  stopRequests = 0;
  kills = 0;
  constructor(private readonly obeyStop: boolean) {
    super();
  }
  onStderr(cb: (chunk: Buffer) => void): void { this.on('stderr', cb); }
  onceSpawn(cb: () => void): void { this.once('spawn', cb); }
  onceExit(cb: (code: number | null, signal: string | null) => void): void { this.once('exit', cb); }
  exit(code: number | null, signal: string | null = null): void {
    this.exited = true;
    this.emit('exit', code, signal);
  }
  requestStop(): void {
    this.stopRequests++;
    if (this.obeyStop) setImmediate(() => this.exit(0));
  }
  kill(): void {
    this.kills++;
    setImmediate(() => this.exit(null, 'SIGKILL'));
  }
}

function supervised(obeyStop = true) {
  const procs: FakeProcess[] = [];
  const exits: { reason: EngineExitReason; restartInMs: number | null }[] = [];
  const spawned: number[] = [];
  const s = new EngineSupervisor(
    () => {
      const p = new FakeProcess(obeyStop);
      procs.push(p);
      setImmediate(() => p.emit('spawn'));
      return p;
    },
    { spawned: (p) => spawned.push(p.pid!), exit: (reason, restartInMs) => exits.push({ reason, restartInMs }) },
  );
  return { s, procs, exits, spawned };
}

const tick = () => new Promise((r) => setImmediate(r));

test('the supervisor classifies exits with exitReason and restarts any exit it was not asked for, with backoff', async () => {
  const { s, procs, exits, spawned } = supervised();
  s.start();
  await tick();
  assert.deepEqual(spawned, [procs[0]!.pid]);
  assert.equal(s.current, procs[0]);
  procs[0]!.emit('stderr', Buffer.from('[a simulated engine, not a real failure] JavaScript heap out of memory\n'));
  procs[0]!.exit(134, null);
  assert.deepEqual(exits[0], { reason: { kind: 'out-of-memory' }, restartInMs: 500 });
  assert.equal(s.current, undefined);
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(procs.length, 2, 'restarted after the delay');
  procs[1]!.exit(1, null);
  assert.deepEqual(exits[1], { reason: { kind: 'crashed', exitCode: 1, signal: null }, restartInMs: 1000 }, 'the next delay doubles');
  await s.stop();
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal(procs.length, 2, 'a stop cancels the pending restart');
});

test("the owner's stop is final: a graceful exit is 'clean', one that ignores the request is killed after the grace period", async () => {
  const a = supervised(true);
  a.s.start();
  await tick();
  await a.s.stop(1000);
  assert.equal(a.procs[0]!.stopRequests, 1);
  assert.equal(a.procs[0]!.kills, 0);
  assert.deepEqual(a.exits, [{ reason: { kind: 'clean' }, restartInMs: null }]);

  const b = supervised(false);
  b.s.start();
  await tick();
  await b.s.stop(50);
  assert.equal(b.procs[0]!.kills, 1);
  assert.deepEqual(b.exits, [{ reason: { kind: 'killed' }, restartInMs: null }]);
  assert.equal(b.procs.length, 1);
});
