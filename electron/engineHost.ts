/**
 * Owns the engine utility process: the shared EngineSupervisor (engine/src/host: start, typed exit reasons,
 * restart with backoff, stop with a grace period) over an Electron utility process, plus what only the
 * desktop has: a MessagePort brokered between the engine and each window (again after every restart).
 */
import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import type { ConnectMessage, EngineExitReason } from '../engine/protocol/messages';
import { EngineSupervisor, type SupervisedProcess } from '../engine/src/host/engineSupervisor';
import { CHANNELS } from './contract';

/** An Electron utility process as the supervisor sees it (it reports an exit code only, no signal). */
class UtilityEngine implements SupervisedProcess {
  exited = false;
  constructor(readonly proc: UtilityProcess) {
    proc.once('exit', () => (this.exited = true));
  }
  get pid(): number | undefined {
    return this.proc.pid;
  }
  onStderr(cb: (chunk: Buffer) => void): void {
    this.proc.stderr?.on('data', cb);
  }
  onceSpawn(cb: () => void): void {
    this.proc.once('spawn', cb);
  }
  onceExit(cb: (code: number | null, signal: string | null) => void): void {
    this.proc.once('exit', (code) => cb(code, null));
  }
  requestStop(): void {
    this.proc.kill();
  }
  kill(): void {
    this.proc.kill();
  }
}

export class EngineHost {
  private readonly windows = new Set<WebContents>();
  private readonly supervisor: EngineSupervisor<UtilityEngine>;

  constructor(
    entry: string,
    onExit: (r: EngineExitReason, restartInMs: number | null) => void,
    /** Extra environment for the engine process. */
    env: Record<string, string> = {},
  ) {
    this.supervisor = new EngineSupervisor(
      () => new UtilityEngine(utilityProcess.fork(entry, [], { serviceName: 'TagGAN engine', stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env } })),
      { spawned: () => { for (const wc of this.windows) this.connect(wc); }, exit: onExit },
    );
  }

  start(): void {
    this.supervisor.start();
  }

  /** Gives a window its own port to the engine (again after every restart). */
  attachWindow(wc: WebContents): void {
    this.windows.add(wc);
    wc.once('destroyed', () => this.windows.delete(wc));
    if (this.supervisor.current?.pid !== undefined) this.connect(wc);
  }

  private connect(wc: WebContents): void {
    const engine = this.supervisor.current;
    if (!engine || wc.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    const message: ConnectMessage = { type: 'connect' };
    engine.proc.postMessage(message, [port1]);
    wc.postMessage(CHANNELS.enginePort, null, [port2]);
  }

  stop(graceMs = 3000): Promise<void> {
    return this.supervisor.stop(graceMs);
  }
}
