import type { EngineExitReason } from '../../protocol/messages';

/** Classifies how an engine process ended, from its exit code/signal and the tail of its stderr. */
export function exitReason(code: number | null, signal: string | null, opts: { killedByUs: boolean; stderrTail: string }): EngineExitReason {
  if (/heap out of memory|Allocation failed|out of memory/i.test(opts.stderrTail)) return { kind: 'out-of-memory' };
  if (opts.killedByUs) return { kind: 'killed' };
  if (code === 0 && signal === null) return { kind: 'clean' };
  return { kind: 'crashed', exitCode: code, signal };
}
