import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitReason } from '../../engine/src/host/exitReason';
import { restartDelayMs } from '../../engine/src/host/restartPolicy';

test('restarts back off exponentially and, after repeated crashes, keep trying every 60 s (never give up)', () => {
  const now = 1_000_000;
  assert.equal(restartDelayMs([now], now), 500);
  assert.equal(restartDelayMs([now - 2, now - 1, now], now), 2000);
  assert.equal(restartDelayMs([1, 2, 3, 4, now], now), 500, 'old crashes fall out of the window');
  assert.equal(restartDelayMs([now - 4, now - 3, now - 2, now - 1, now], now), 60_000);
  const many = Array.from({ length: 50 }, (_, i) => now - i * 100);
  assert.equal(restartDelayMs(many, now), 60_000, 'still a delay, never null');
});

test('exit reasons are classified', () => {
  assert.deepEqual(exitReason(0, null, { killedByUs: false, stderrTail: '' }), { kind: 'clean' });
  assert.deepEqual(exitReason(null, 'SIGKILL', { killedByUs: true, stderrTail: '' }), { kind: 'killed' });
  assert.deepEqual(exitReason(134, null, { killedByUs: false, stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }), { kind: 'out-of-memory' });
  assert.deepEqual(exitReason(1, null, { killedByUs: false, stderrTail: 'boom' }), { kind: 'crashed', exitCode: 1, signal: null });
});
