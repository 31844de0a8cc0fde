import { fork, type ChildProcess } from 'node:child_process';
import type { EngineExitReason, ServerMessage } from '../../protocol/messages';
import { exitReason } from '../host/exitReason';
import { engineEntry } from '../host/paths';
import { restartDelayMs } from '../host/restartPolicy';

export interface EngineChildEvents {
  message(m: ServerMessage): void;
  /** The engine ended; `restartInMs` is null when it will not be restarted. */
  exit(reason: EngineExitReason, restartInMs: number | null): void;
  ready(): void;
}

/**
 * Owns the engine child process of the web host: starts it, forwards messages, restarts it after a
 * crash with backoff, stops it with a grace period.
 */
export class EngineChild {
  private child: ChildProcess | undefined;
  private crashes: number[] = [];
  private stopping = false;
  private killedByUs = false;
  private stderrTail = '';
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly events: EngineChildEvents, private readonly backend?: string) {}

  start(): void {
    const { file, execArgv } = engineEntry();
    const args = this.backend ? [`--backend=${this.backend}`] : [];
    this.killedByUs = false;
    this.stderrTail = '';
    const child = fork(file, args, { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      process.stderr.write(d);
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    child.on('message', (m) => this.events.message(m as ServerMessage));
    child.once('spawn', () => this.events.ready());
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const reason = exitReason(code, signal, { killedByUs: this.killedByUs, stderrTail: this.stderrTail });
      // Only a stop asked by the host ends the engine for good; any other exit (a crash, or a clean exit nobody
      // asked for) is restarted with backoff, forever.
      if (this.stopping) {
        this.events.exit(reason, null);
        return;
      }
      const now = Date.now();
      this.crashes.push(now);
      const delay = restartDelayMs(this.crashes, now);
      this.events.exit(reason, delay);
      if (delay !== null) this.restartTimer = setTimeout(() => this.start(), delay);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  send(message: unknown): boolean {
    const c = this.child;
    if (!c || !c.connected) return false;
    c.send(message as never);
    return true;
  }

  /** Asks the engine to exit; kills it after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { this.killedByUs = true; c.kill('SIGKILL'); }, graceMs);
      c.once('exit', () => { clearTimeout(t); resolve(); });
      if (c.connected) c.send({ kind: 'request', id: 0, method: 'shutdown', params: {} } as never);
      else c.kill('SIGTERM');
    });
  }
}
