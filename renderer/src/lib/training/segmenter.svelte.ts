import type { EngineClient } from '../../../../engine/protocol/client';
import type { SegmenterSummary, SegTrainResult } from '../../../../engine/protocol/model';
import type { ProposalModelChoice } from '../../../../engine/protocol/workspace';
import { describeError } from '../workspace/describeError';
import { TrainRun } from './trainRun.svelte';

/**
 * The supervised segmenter as the Training panel shows it: seg.info, seg.train on the workspace's accepted
 * and edited masks (stop = cancel with a checkpoint, resume continues it) with live losses, rate and ETA, and
 * the workspace's choice of proposal model (workspace.proposalModel).
 */
export class SegmenterState {
  info = $state.raw<SegmenterSummary | null>(null);
  choice = $state<ProposalModelChoice>('taggan');
  steps = $state(400);
  /** Loss weight of soft targets (0 = only clinicians' masks and normals). */
  softWeight = $state(0);
  /** The training run: progress, losses, how it ended. */
  readonly run = new TrainRun();
  lastResult = $state.raw<SegTrainResult | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly client: () => EngineClient | null) {}

  private need(): EngineClient {
    const c = this.client();
    if (!c) throw new Error('not connected to the engine');
    return c;
  }

  /** Reads the workspace's segmenter and proposal-model choice (after opening a workspace). */
  async refresh(): Promise<void> {
    try {
      const r = await this.need().call('workspace.proposalModel', {});
      this.choice = r.choice;
      this.info = r.segmenter;
      this.error = null;
    } catch (e) {
      this.info = null;
      this.error = describeError(e, 'Segmenter');
    }
  }

  async setChoice(choice: ProposalModelChoice): Promise<void> {
    const before = this.choice;
    this.choice = choice;
    try {
      const r = await this.need().call('workspace.proposalModel', { choice });
      this.choice = r.choice;
      this.info = r.segmenter;
      this.error = null;
    } catch (e) {
      this.choice = before;
      this.error = describeError(e, 'Proposal model');
    }
  }

  async train(resume: boolean): Promise<void> {
    const r = await this.run.run(resume, 'Segmenter training failed', (signal, onProgress) =>
      this.need().call('seg.train', { steps: this.steps, softWeight: this.softWeight, resume }, { signal, onProgress }));
    if (r) {
      this.lastResult = r;
      this.info = r.segmenter;
    }
  }
}
