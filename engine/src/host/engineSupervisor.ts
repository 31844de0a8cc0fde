/**
 * The one engine supervisor, for the desktop app (an Electron utility process, electron/engineHost.ts) and the
 * web host (a Node child process, webhost/engineChild.ts): starts the engine, keeps the tail of its stderr,
 * classifies how it ended (exitReason), restarts it after any exit it was not asked for with backoff
 * (restartDelayMs), forever, and stops it with a grace period. What differs between the two hosts is only
 * how a process is made and asked to stop: a SupervisedProcess.
 */
import type { EngineExitReason } from '../../protocol/messages';
import { exitReason } from './exitReason';
import { restartDelayMs } from './restartPolicy';

/** What the supervisor needs of an engine process. */
export interface SupervisedProcess {
  readonly pid: number | undefined;
  /** True once it has exited. */
  readonly exited: boolean;
  onStderr(cb: (chunk: Buffer) => void): void;
  onceSpawn(cb: () => void): void;
  onceExit(cb: (code: number | null, signal: string | null) => void): void;
  /** Asks it to end on its own (a shutdown request, or a plain kill where there is no such channel). */
  requestStop(): void;
  /** Ends it now (after the grace period). */
  kill(): void;
}

export interface SupervisorEvents {
  /** A new engine process started (after the first start and every restart). */
  spawned?(proc: SupervisedProcess): void;
  /** The engine ended; `restartInMs` is null when it will not be restarted (the owner stopped it). */
  exit(reason: EngineExitReason, restartInMs: number | null): void;
}

export class EngineSupervisor<P extends SupervisedProcess = SupervisedProcess> {
  private proc: P | undefined;
  private crashes: number[] = [];
  private stopping = false;
  private killedByUs = false;
  private stderrTail = '';
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly launch: () => P,
    private readonly events: SupervisorEvents,
  ) {}

  /** The running engine process, if any. */
  get current(): P | undefined {
    return this.proc;
  }

  start(): void {
    this.killedByUs = false;
    this.stderrTail = '';
    const proc = this.launch();
    this.proc = proc;
    proc.onStderr((d) => {
      process.stderr.write(d);
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    proc.onceSpawn(() => this.events.spawned?.(proc));
    proc.onceExit((code, signal) => {
      if (this.proc === proc) this.proc = undefined;
      const reason = exitReason(code, signal, { killedByUs: this.killedByUs, stderrTail: this.stderrTail });
      // Only a stop asked by the owner ends the engine for good; any other exit (a crash, or a clean exit nobody
      // asked for) is restarted with backoff, forever.
      if (this.stopping) {
        this.events.exit(reason, null);
        return;
      }
      const now = Date.now();
      this.crashes.push(now);
      const delay = restartDelayMs(this.crashes, now);
      this.events.exit(reason, delay);
      this.restartTimer = setTimeout(() => this.start(), delay);
    });
  }

  /** Asks the engine to exit; kills it after `graceMs`. Final: no restart follows. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const p = this.proc;
    if (!p || p.exited) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.killedByUs = true;
        p.kill();
      }, graceMs);
      p.onceExit(() => {
        clearTimeout(t);
        resolve();
      });
      p.requestStop();
    });
  }
}
