import type { EngineClient } from '../../../../engine/protocol/client';
import type { ModelSummary, ProposalRunResult, ThresholdOption, TrainResult } from '../../../../engine/protocol/model';
import { describeError } from '../workspace/describeError';
import { TrainRun } from './trainRun.svelte';

export interface TrainSettings {
  steps: number;
  batch: number;
  size: 64 | 128 | 256 | 512;
  quick: boolean;
  /** Adversarial loss: LSGAN (default) or WGAN-GP. */
  adversarial: 'lsgan' | 'wgan-gp';
}

/**
 * Training and batch proposals as the panel shows them: train.start (stop = cancel, which the engine turns
 * into a checkpoint; resume continues from it) with live losses, rate, ETA and sample maps; proposal.run over
 * many images with progress and cancel; model.info for the status bar.
 */
export class TrainingState {
  model = $state.raw<ModelSummary | null>(null);
  modelError = $state<string | null>(null);
  settings = $state<TrainSettings>({ steps: 200, batch: 4, size: 64, quick: false, adversarial: 'lsgan' });
  /** Input sizes the engine trains at. */
  static readonly SIZES = [64, 128, 256, 512] as const;
  /** The training run: progress, losses, how it ended. */
  readonly run = new TrainRun();
  lastResult = $state.raw<TrainResult | null>(null);
  proposing = $state(false);
  proposeDone = $state(0);
  proposeTotal = $state(0);
  proposeResult = $state.raw<ProposalRunResult | null>(null);
  proposeError = $state<string | null>(null);
  private proposeAbort: AbortController | null = null;

  constructor(private readonly client: () => EngineClient | null) {}

  private need(): EngineClient {
    const c = this.client();
    if (!c) throw new Error('not connected to the engine');
    return c;
  }

  async refreshModel(): Promise<void> {
    try {
      this.model = await this.need().call('model.info', {});
      this.modelError = null;
    } catch (e) {
      this.model = null;
      this.modelError = describeError(e, 'Model');
    }
  }

  async train(resume: boolean): Promise<void> {
    const s = this.settings;
    const r = await this.run.run(resume, 'Training failed', (signal, onProgress) => this.need().call(
      'train.start',
      { steps: s.steps, batch: s.batch, size: s.size, quick: s.quick, adversarial: s.adversarial, resume },
      { signal, onProgress },
    ));
    if (r) {
      this.lastResult = r;
      this.model = r.model;
    }
  }

  /** Stop = cancel; the engine stops after the current step, saves a checkpoint and answers CANCELLED. */
  stop(): void {
    this.run.stop();
  }

  async proposeAll(imageIds: number[], opts: { threshold?: ThresholdOption; minArea?: number } = {}): Promise<ProposalRunResult | null> {
    if (this.proposing || imageIds.length === 0) return null;
    this.proposing = true;
    this.proposeError = null;
    this.proposeResult = null;
    this.proposeDone = 0;
    this.proposeTotal = imageIds.length;
    const abort = new AbortController();
    this.proposeAbort = abort;
    try {
      const r = await this.need().call('proposal.run', { imageIds, ...opts }, {
        signal: abort.signal,
        onProgress: (p) => {
          this.proposeDone = p.done;
          this.proposeTotal = p.total;
        },
      });
      this.proposeResult = r;
      void this.refreshModel();
      if (r.failed.length) this.proposeError = `${r.failed.length} image(s) failed: ${r.failed.slice(0, 3).map((f) => `image ${f.imageId}: ${f.message}`).join('; ')}`;
      return r;
    } catch (e) {
      this.proposeError = describeError(e, 'Proposals');
      return null;
    } finally {
      this.proposing = false;
      this.proposeAbort = null;
    }
  }

  cancelPropose(): void {
    this.proposeAbort?.abort();
  }
}
