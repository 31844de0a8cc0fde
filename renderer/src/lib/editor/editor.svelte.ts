import type { EngineClient } from '../../../../engine/protocol/client';
import type { OpenedImage } from '../../../../engine/protocol/image';
import type { AnnotationRecord, AnnotationStatus } from '../../../../engine/protocol/workspace';
import { fillHoles } from '../../../../engine/mask/fillHoles';
import { paintDisc, type BrushLimit } from '../../../../engine/mask/paintDisc';
import { removeIslands } from '../../../../engine/mask/removeIslands';
import type { Box } from '../../../../engine/mask/types';
import { describeError } from '../workspace/describeError';
import { diffMasks, unionBox } from './maskDiff';
import { SaveQueue, type SaveQueueState } from './saveQueue';
import { UndoStack } from './undoStack';

export type EditTool = 'none' | 'brush' | 'eraser';

interface SavePayload {
  imageId: number;
  width: number;
  height: number;
  mask: Uint8Array;
  status: Exclude<AnnotationStatus, 'exported'>;
  proposalId?: number;
}

export const MIN_RADIUS = 0;
export const MAX_RADIUS = 200;

/** Stored values -> modality values (Float32Array), the units of the readout and of the brush's intensity window. */
export function modalityValues(img: OpenedImage): Float32Array | null {
  if (img.kind !== 'gray') return null;
  const { slope, intercept } = img.rescale;
  const out = new Float32Array(img.pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = img.pixels[i]! * slope + intercept;
  return out;
}

/**
 * The clinician's working mask of one image and the tools that change it: brush/eraser strokes (optionally
 * limited to an intensity window), fill holes, remove islands, undo/redo per edit. Every edit is saved
 * through annotation.save (status `edited`, the proposal kept untouched) by a latest-wins queue; `saveState`
 * says "saved" only after the engine acknowledged.
 */
export class EditorState {
  tool = $state<EditTool>('none');
  radius = $state(8);
  limitOn = $state(false);
  limitLo = $state(0);
  limitHi = $state(1);
  islandArea = $state(50);
  imageId = $state<number | null>(null);
  width = $state(0);
  height = $state(0);
  proposalId = $state<number | null>(null);
  /** The working mask (mutated in place by strokes; `version` counts changes for redraws). */
  mask = $state.raw<Uint8Array | null>(null);
  version = $state(0);
  /** True once the reader edited by hand (the review's threshold/regions then no longer drive the mask). */
  edited = $state(false);
  canUndo = $state(false);
  canRedo = $state(false);
  saveState = $state.raw<SaveQueueState<AnnotationRecord> | null>(null);
  /** Latest acknowledged annotation of this image. */
  annotation = $state.raw<AnnotationRecord | null>(null);
  error = $state<string | null>(null);
  /** What changed since the overlay last drew: 'none', a box, or null = everything; not reactive. */
  private pendingDirty: Box | null | 'none' = null;
  /** Foreground box of the mask last taken from the review (null: empty; undefined: unknown). */
  private followed: Box | null | undefined = undefined;

  private undoStack = new UndoStack();
  private queue: SaveQueue<SavePayload, AnnotationRecord>;
  private stroke: { before: Uint8Array; box: Box | null; last: { x: number; y: number } } | null = null;
  private limitImage: { source: OpenedImage; values: Float32Array } | null = null;

  constructor(private readonly client: () => EngineClient | null, private readonly onsaved: (r: AnnotationRecord) => void = () => {}) {
    this.queue = this.makeQueue();
  }

  private makeQueue(): SaveQueue<SavePayload, AnnotationRecord> {
    const q: SaveQueue<SavePayload, AnnotationRecord> = new SaveQueue(
      async (p) => {
        const c = this.client();
        if (!c) throw new Error('not connected to the engine');
        return c.call('annotation.save', p);
      },
      (s) => {
        if (this.queue !== q) return;
        this.saveState = s;
        if (s.saved && s.saved !== this.annotation) {
          this.annotation = s.saved;
          this.onsaved(s.saved);
        }
        this.error = s.error ? describeError(new Error(s.error), 'Not saved') : null;
      },
    );
    return q;
  }

  /** Starts on an image: its latest annotation's mask when there is one (edited), else `initial`. */
  begin(imageId: number, width: number, height: number, proposalId: number | null, initial: Uint8Array | null, annotation: { record: AnnotationRecord; mask: Uint8Array } | null): void {
    this.queue = this.makeQueue();
    this.saveState = null;
    this.imageId = imageId;
    this.width = width;
    this.height = height;
    this.proposalId = proposalId;
    this.undoStack.clear();
    this.stroke = null;
    this.annotation = annotation?.record ?? null;
    this.edited = annotation !== null && annotation.record.status !== 'accepted';
    this.mask = annotation ? annotation.mask : initial ? initial : new Uint8Array(width * height);
    this.error = null;
    this.syncUndo();
    this.changed(null);
  }

  /**
   * The review drives the mask until the first hand edit. `foreground`: a box holding every foreground
   * pixel of `mask` (null: none), when the review knows it; the overlay then repaints only the union of the
   * old and the new foreground instead of the whole image (the live slider on a 2k map).
   */
  followReview(mask: Uint8Array | null, foreground?: Box | null): void {
    if (this.edited || !mask || mask.length !== this.width * this.height) return;
    const before = this.followed;
    this.mask = mask;
    if (before === undefined || foreground === undefined) this.changed(null);
    else if (before === null && foreground === null) this.version++;
    else this.markDirty(unionBox(before, foreground));
    this.followed = foreground;
  }

  /** Back to the review's mask: hand edits are dropped from the screen (saved versions stay in the history). */
  discardEdits(reviewMask: Uint8Array | null): void {
    this.edited = false;
    this.undoStack.clear();
    this.syncUndo();
    this.mask = reviewMask ? reviewMask.slice() : new Uint8Array(this.width * this.height);
    this.changed(null);
  }

  setRadius(r: number): void {
    this.radius = Math.min(MAX_RADIUS, Math.max(MIN_RADIUS, Math.round(r)));
  }

  /** Grows/shrinks the brush by about 20% (at least 1 pixel). */
  resize(dir: 1 | -1): void {
    this.setRadius(this.radius + dir * Math.max(1, Math.round(this.radius * 0.2)));
  }

  private limit(image: OpenedImage | null): BrushLimit | undefined {
    if (!this.limitOn || !image) return undefined;
    if (this.limitImage?.source !== image) {
      const values = modalityValues(image);
      if (!values || values.length !== this.width * this.height) return undefined;
      this.limitImage = { source: image, values };
    }
    return { image: this.limitImage.values, lo: Math.min(this.limitLo, this.limitHi), hi: Math.max(this.limitLo, this.limitHi) };
  }

  beginStroke(x: number, y: number, image: OpenedImage | null): void {
    if (!this.mask || this.tool === 'none') return;
    if (!this.edited) this.mask = this.mask.slice(); // the review's array stays the review's
    this.stroke = { before: this.mask.slice(), box: null, last: { x, y } };
    this.dab(x, y, image);
  }

  /** Paints from the last point to (x, y) in steps of a third of the radius (no gaps on fast drags). */
  strokeTo(x: number, y: number, image: OpenedImage | null): void {
    const s = this.stroke;
    if (!s) return;
    const dx = x - s.last.x;
    const dy = y - s.last.y;
    const n = Math.max(1, Math.ceil(Math.hypot(dx, dy) / Math.max(0.5, this.radius / 3)));
    for (let k = 1; k <= n; k++) this.dab(s.last.x + (dx * k) / n, s.last.y + (dy * k) / n, image);
    s.last = { x, y };
  }

  private dab(x: number, y: number, image: OpenedImage | null): void {
    const m = this.mask;
    const s = this.stroke;
    if (!m || !s) return;
    const r = paintDisc(m, this.width, this.height, x, y, this.radius, this.tool === 'eraser' ? 0 : 1, this.limit(image));
    if (r.dirty) {
      s.box = unionBox(s.box, r.dirty);
      this.changed(r.dirty);
    }
  }

  endStroke(): void {
    const s = this.stroke;
    this.stroke = null;
    if (!s || !this.mask) return;
    this.commit(diffMasks(s.before, this.mask, this.width, s.box), s.box);
  }

  fillHoles(): void {
    this.replaceWith((m) => fillHoles(m, this.width, this.height));
  }

  removeIslands(): void {
    this.replaceWith((m) => removeIslands(m, this.width, this.height, Math.max(0, Math.round(this.islandArea))));
  }

  private replaceWith(op: (m: Uint8Array) => Uint8Array): void {
    if (!this.mask) return;
    const before = this.mask;
    const after = op(before);
    const flips = diffMasks(before, after, this.width);
    if (!flips.length) return;
    this.mask = after;
    this.commit(flips, null);
  }

  private commit(flips: Uint32Array, box: Box | null): void {
    if (!flips.length) return;
    this.undoStack.push(flips);
    this.edited = true;
    this.syncUndo();
    this.changed(box);
    this.submit('edited');
  }

  undo(): void {
    if (!this.mask || !this.undoStack.undo(this.mask)) return;
    this.edited = true;
    this.syncUndo();
    this.changed(null);
    this.submit('edited');
  }

  redo(): void {
    if (!this.mask || !this.undoStack.redo(this.mask)) return;
    this.syncUndo();
    this.changed(null);
    this.submit('edited');
  }

  /** Saves the current mask with `status` now (after queued edits), acknowledged before it returns. */
  async finish(status: 'accepted' | 'rejected'): Promise<AnnotationRecord | null> {
    if (!this.mask || this.imageId === null) return null;
    if (status === 'rejected') {
      this.mask = new Uint8Array(this.width * this.height);
      this.edited = true;
      this.changed(null);
    }
    this.submit(status);
    await this.queue.idle();
    return this.saveState?.error ? null : this.annotation;
  }

  private submit(status: SavePayload['status']): void {
    if (!this.mask || this.imageId === null) return;
    this.queue.submit({
      imageId: this.imageId, width: this.width, height: this.height, mask: this.mask.slice(), status,
      ...(this.proposalId !== null ? { proposalId: this.proposalId } : {}),
    });
  }

  private syncUndo(): void {
    this.canUndo = this.undoStack.canUndo;
    this.canRedo = this.undoStack.canRedo;
  }

  private changed(box: Box | null): void {
    this.followed = undefined;
    this.markDirty(box);
  }

  /** Adds `box` (null: everything) to what the overlay must redraw, and counts the change. */
  private markDirty(box: Box | null): void {
    const p = this.pendingDirty;
    this.pendingDirty = box === null || p === null ? null : p === 'none' ? box : unionBox(p, box);
    this.version++;
  }

  /** What to redraw since the last call: 'none', a box, or null for everything. */
  takeDirty(): Box | null | 'none' {
    const p = this.pendingDirty;
    this.pendingDirty = 'none';
    return p;
  }

  /** Pixels in the working mask. */
  readonly area: number = $derived.by(() => {
    void this.version;
    const m = this.mask;
    if (!m) return 0;
    let n = 0;
    for (let i = 0; i < m.length; i++) n += m[i]!;
    return n;
  });
}
