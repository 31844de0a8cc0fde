import type { Progress } from '../../../../engine/protocol/messages';
import type { TrainProgressData } from '../../../../engine/protocol/model';
import { describeError, isCancelled } from '../workspace/describeError';
import { appendLosses, type LossSeries } from './lossSeries';

/**
 * One training run as a panel shows it, whatever it trains (TagGAN, the segmenter): running, step, rate, ETA,
 * the engine's stage, the loss series, and how it ended (stopped = cancelled with a checkpoint, or an error).
 * `run` wraps the engine call; stop() cancels it.
 */
export class TrainRun {
  running = $state(false);
  step = $state(0);
  totalSteps = $state(0);
  imagesPerSec = $state(0);
  etaSec = $state(NaN);
  /** What the engine is doing now (e.g. "loading images 3/40", "training"), in its words. */
  stage = $state<string | null>(null);
  losses = $state.raw<LossSeries>({});
  stoppedMessage = $state<string | null>(null);
  error = $state<string | null>(null);
  private abort: AbortController | null = null;

  /** Runs `call` (an engine training call given a signal and a progress handler); null when stopped or failed. */
  async run<R>(resume: boolean, what: string, call: (signal: AbortSignal, onProgress: (p: Progress<TrainProgressData>) => void) => Promise<R>): Promise<R | null> {
    if (this.running) return null;
    this.running = true;
    this.error = null;
    this.stoppedMessage = null;
    this.stage = 'starting';
    if (!resume) this.losses = {};
    this.step = 0;
    this.etaSec = NaN;
    const abort = new AbortController();
    this.abort = abort;
    try {
      return await call(abort.signal, (p) => {
        this.stage = `${p.stage}${p.data ? '' : ` ${p.done}/${p.total}`}${p.message ? ` · ${p.message}` : ''}`;
        const d = p.data;
        if (!d) return;
        this.step = d.step;
        this.totalSteps = d.totalSteps;
        this.imagesPerSec = d.imagesPerSec;
        this.etaSec = d.etaSec;
        this.losses = appendLosses(this.losses, d.step, d.losses);
      });
    } catch (e) {
      // Stop = cancel: the engine saves a checkpoint first and says where in its CANCELLED message.
      if (isCancelled(e)) this.stoppedMessage = `Stopped: ${e instanceof Error ? e.message : String(e)}. Resume continues from the checkpoint.`;
      else this.error = describeError(e, what);
      return null;
    } finally {
      this.running = false;
      this.stage = null;
      this.abort = null;
    }
  }

  /** Stop = cancel; the engine stops after the current step, saves a checkpoint and answers CANCELLED. */
  stop(): void {
    this.abort?.abort();
  }
}
