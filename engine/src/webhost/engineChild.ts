import { fork, type ChildProcess } from 'node:child_process';
import type { EngineExitReason, ServerMessage } from '../../protocol/messages';
import { EngineSupervisor, type SupervisedProcess } from '../host/engineSupervisor';
import { engineEntry } from '../host/paths';

export interface EngineChildEvents {
  message(m: ServerMessage): void;
  /** The engine ended; `restartInMs` is null when it will not be restarted. */
  exit(reason: EngineExitReason, restartInMs: number | null): void;
  ready(): void;
}

/** A forked Node child process as the supervisor sees it; stopping sends the engine a shutdown request. */
class ForkedEngine implements SupervisedProcess {
  constructor(readonly child: ChildProcess) {}
  get pid(): number | undefined {
    return this.child.pid;
  }
  get exited(): boolean {
    return this.child.exitCode !== null;
  }
  onStderr(cb: (chunk: Buffer) => void): void {
    this.child.stderr?.on('data', cb);
  }
  onceSpawn(cb: () => void): void {
    this.child.once('spawn', cb);
  }
  onceExit(cb: (code: number | null, signal: string | null) => void): void {
    this.child.once('exit', cb);
  }
  requestStop(): void {
    if (this.child.connected) this.child.send({ kind: 'request', id: 0, method: 'shutdown', params: {} });
    else this.child.kill('SIGTERM');
  }
  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * The engine child process of the web host: the shared EngineSupervisor (start, restart with backoff, stop
 * with a grace period) over a forked child, whose messages it forwards.
 */
export class EngineChild {
  private readonly supervisor: EngineSupervisor<ForkedEngine>;

  constructor(events: EngineChildEvents, backend?: string) {
    this.supervisor = new EngineSupervisor(
      () => {
        const { file, execArgv } = engineEntry();
        const child = fork(file, backend ? [`--backend=${backend}`] : [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
        child.on('message', (m) => events.message(m as ServerMessage));
        return new ForkedEngine(child);
      },
      { spawned: () => events.ready(), exit: (reason, restartInMs) => events.exit(reason, restartInMs) },
    );
  }

  start(): void {
    this.supervisor.start();
  }

  get pid(): number | undefined {
    return this.supervisor.current?.pid;
  }

  send(message: unknown): boolean {
    const c = this.supervisor.current?.child;
    if (!c || !c.connected) return false;
    c.send(message as never);
    return true;
  }

  /** Asks the engine to exit; kills it after `graceMs`. */
  stop(graceMs = 3000): Promise<void> {
    return this.supervisor.stop(graceMs);
  }
}
