/**
 * Owns the engine utility process: starts it, brokers a MessagePort between it and each window, restarts
 * it after a crash with backoff, and reports typed exit reasons to the windows.
 */
import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import type { EngineExitReason } from '../engine/protocol/messages';
import { restartDelayMs } from '../engine/src/host/restartPolicy';
import { CHANNELS } from './contract';

export class EngineHost {
  private proc: UtilityProcess | undefined;
  private crashes: number[] = [];
  private stopping = false;
  private killedByUs = false;
  private readonly windows = new Set<WebContents>();
  private timer: NodeJS.Timeout | undefined;
  private stderrTail = '';

  constructor(
    private readonly entry: string,
    private readonly onExit: (r: EngineExitReason, restartInMs: number | null) => void,
    /** Extra environment for the engine process. */
    private readonly env: Record<string, string> = {},
  ) {}

  start(): void {
    this.killedByUs = false;
    this.stderrTail = '';
    const proc = utilityProcess.fork(this.entry, [], { serviceName: 'TagGAN engine', stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...this.env } });
    this.proc = proc;
    proc.stderr?.on('data', (d: Buffer) => {
      process.stderr.write(d);
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    proc.once('spawn', () => { for (const wc of this.windows) this.connect(wc); });
    proc.once('exit', (code) => {
      if (this.proc === proc) this.proc = undefined;
      const reason: EngineExitReason = /out of memory/i.test(this.stderrTail)
        ? { kind: 'out-of-memory' }
        : this.killedByUs ? { kind: 'killed' } : code === 0 ? { kind: 'clean' } : { kind: 'crashed', exitCode: code, signal: null };
      // Only our own stop ends the engine for good; any other exit is restarted with backoff, forever.
      if (this.stopping) return this.onExit(reason, null);
      const now = Date.now();
      this.crashes.push(now);
      const delay = restartDelayMs(this.crashes, now);
      this.onExit(reason, delay);
      if (delay !== null) this.timer = setTimeout(() => this.start(), delay);
    });
  }

  /** Gives a window its own port to the engine (again after every restart). */
  attachWindow(wc: WebContents): void {
    this.windows.add(wc);
    wc.once('destroyed', () => this.windows.delete(wc));
    if (this.proc?.pid !== undefined) this.connect(wc);
  }

  private connect(wc: WebContents): void {
    if (!this.proc || wc.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    this.proc.postMessage({ type: 'connect' }, [port1]);
    wc.postMessage(CHANNELS.enginePort, null, [port2]);
  }

  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const p = this.proc;
    if (!p) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { this.killedByUs = true; p.kill(); }, graceMs);
      p.once('exit', () => { clearTimeout(t); resolve(); });
      p.kill();
    });
  }
}
