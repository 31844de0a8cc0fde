/**
 * Saves edits one at a time, latest wins: while a save is in flight, newer submissions replace each other
 * and only the newest is sent next (each save carries the whole mask, so nothing is lost by skipping
 * intermediate ones). `saved` only moves when the engine acknowledged a save, and then names the newest
 * acknowledged submission; a failure is kept in words until a later save succeeds.
 */
export interface SaveQueueState<R> {
  /** Submissions not yet acknowledged (0 = everything submitted is saved). */
  pending: number;
  saving: boolean;
  /** The engine's answer for the newest acknowledged submission. */
  saved: R | null;
  /** Sequence number of the newest acknowledged submission (0 = none). */
  savedSeq: number;
  error: string | null;
}

export class SaveQueue<P, R> {
  private seq = 0;
  private next: { seq: number; payload: P } | null = null;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  state: SaveQueueState<R> = { pending: 0, saving: false, saved: null, savedSeq: 0, error: null };

  constructor(
    private readonly save: (payload: P) => Promise<R>,
    private readonly onState: (s: SaveQueueState<R>) => void = () => {},
  ) {}

  /** Queues a payload; returns its sequence number. */
  submit(payload: P): number {
    const seq = ++this.seq;
    this.next = { seq, payload };
    this.update({ pending: seq - this.state.savedSeq });
    if (!this.running) void this.pump();
    return seq;
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (!this.running && !this.next) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private async pump(): Promise<void> {
    this.running = true;
    while (this.next) {
      const job = this.next;
      this.next = null;
      this.update({ saving: true });
      try {
        const r = await this.save(job.payload);
        this.update({ saved: r, savedSeq: job.seq, error: null, pending: this.seq - job.seq });
      } catch (e) {
        this.update({ error: e instanceof Error ? e.message : String(e) });
      }
    }
    this.running = false;
    this.update({ saving: false });
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private update(patch: Partial<SaveQueueState<R>>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
  }
}
