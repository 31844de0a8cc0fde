import { applyFlips } from './maskDiff';

/**
 * Undo/redo per edit (a brush stroke, fill holes, remove islands ...) for a binary mask. Each step is the list
 * of flipped pixels, so undo and redo both re-flip it: memory is proportional to what changed, not to the
 * mask. A new edit clears the redo side; at most `limit` steps are kept (the oldest dropped).
 */
export class UndoStack {
  private done: Uint32Array[] = [];
  private undone: Uint32Array[] = [];

  constructor(readonly limit = 200) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`UndoStack: bad limit ${limit}`);
  }

  /** Records an edit already applied to the mask (ignored when nothing changed). */
  push(flips: Uint32Array): void {
    if (flips.length === 0) return;
    this.done.push(flips);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /** Reverts the last edit in `mask`; returns its flips (what changed) or null when there is nothing to undo. */
  undo(mask: Uint8Array): Uint32Array | null {
    const f = this.done.pop();
    if (!f) return null;
    applyFlips(mask, f);
    this.undone.push(f);
    return f;
  }

  /** Re-applies the last undone edit; null when there is nothing to redo. */
  redo(mask: Uint8Array): Uint32Array | null {
    const f = this.undone.pop();
    if (!f) return null;
    applyFlips(mask, f);
    this.done.push(f);
    return f;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  get depth(): { undo: number; redo: number } {
    return { undo: this.done.length, redo: this.undone.length };
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
