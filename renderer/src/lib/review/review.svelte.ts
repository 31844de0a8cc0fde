import type { EngineClient } from '../../../../engine/protocol/client';
import type { ProposalRecord } from '../../../../engine/protocol/workspace';
import { defaultMinArea } from '../../../../engine/mask/defaultMinArea';
import type { Box } from '../../../../engine/mask/types';
import { unionBox } from '../editor/maskDiff';
import { describeError } from '../workspace/describeError';
import { acceptRegion, recomputeReview, rejectAll, rejectRegion, reviewFromMask, thresholdRange, type ReviewResult } from './regionReview';

/**
 * Review of one image's latest proposal: the stored disease map re-thresholded live in the renderer (no GAN
 * re-run), the minimum region area, per-region accept/reject, and what the overlay shows (heat, mask,
 * healthy counterpart). Big arrays are raw state, replaced on change.
 */
export class ReviewState {
  imageId = $state<number | null>(null);
  width = $state(0);
  height = $state(0);
  proposal = $state.raw<ProposalRecord | null>(null);
  map = $state.raw<Float32Array | null>(null);
  /** The AI-original mask as stored (shown when the proposal has no map). */
  proposalMask = $state.raw<Uint8Array | null>(null);
  range = $state.raw({ min: 0, max: 1, step: 0.005 });
  threshold = $state(0);
  minArea = $state(0);
  seeds = $state.raw<Set<number>>(new Set());
  /** True once the reader moved the threshold or minimum area: the mask is then re-thresholded from the map. */
  rethresholded = $state(false);
  result = $state.raw<ReviewResult | null>(null);
  showHeat = $state(true);
  showMask = $state(true);
  showHealthy = $state(false);
  heatOpacity = $state(0.5);
  loading = $state(false);
  /** When the reader last changed the review (threshold, area, regions); the overlay reports screenMs. */
  changedAt: number | null = null;
  /** Milliseconds from the reader's last change to the frame that shows it (recompute + overlay + paint). */
  screenMs = $state<number | null>(null);
  /** How many changes have been reported on screen (for benchmarks that wait for the next one). */
  screenCount = $state(0);
  error = $state<string | null>(null);

  /** Loads the latest proposal (with its map) of an image; clears the review when it has none. */
  async load(client: EngineClient, imageId: number, width: number, height: number): Promise<void> {
    this.imageId = imageId;
    this.width = width;
    this.height = height;
    this.proposal = null;
    this.map = null;
    this.proposalMask = null;
    this.result = null;
    this.seeds = new Set();
    this.rethresholded = false;
    this.showHealthy = false;
    this.changedAt = null;
    this.screenMs = null;
    this.error = null;
    this.loading = true;
    try {
      const p = await client.call('proposal.latest', { imageId, withMap: true });
      if (this.imageId !== imageId || !p) return;
      if (p.mask.width !== width || p.mask.height !== height) {
        throw new Error(`the proposal mask is ${p.mask.width}x${p.mask.height} but the image is ${width}x${height}`);
      }
      this.proposal = p.record;
      this.proposalMask = p.mask.data;
      if (p.map && p.map.length === width * height) {
        this.map = p.map;
        this.range = thresholdRange(p.map);
        this.threshold = Number.isFinite(p.record.threshold) && p.record.threshold > 0 ? p.record.threshold : this.range.max / 2;
        const ma = p.record.params.minArea;
        this.minArea = typeof ma === 'number' && ma >= 0 ? ma : defaultMinArea(width, height);
        this.recompute();
      }
    } catch (e) {
      if (this.imageId === imageId) this.error = describeError(e, 'Cannot load the proposal');
    } finally {
      if (this.imageId === imageId) this.loading = false;
    }
  }

  clear(): void {
    this.imageId = null;
    this.proposal = null;
    this.map = null;
    this.proposalMask = null;
    this.result = null;
    this.seeds = new Set();
    this.error = null;
  }

  recompute(): void {
    if (!this.map) return;
    this.result = !this.rethresholded && this.proposalMask
      ? reviewFromMask(this.proposalMask, this.map, this.width, this.height, this.threshold, this.minArea, this.seeds)
      : recomputeReview(this.map, this.width, this.height, this.threshold, this.minArea, this.seeds);
  }

  setThreshold(t: number): void {
    this.changedAt = performance.now();
    this.threshold = Math.min(this.range.max, Math.max(this.range.min, t));
    this.rethresholded = true;
    this.recompute();
  }

  nudgeThreshold(steps: number): void {
    this.setThreshold(this.threshold + steps * this.range.step * 2);
  }

  setMinArea(a: number): void {
    this.changedAt = performance.now();
    this.minArea = Math.max(0, Math.round(a));
    this.rethresholded = true;
    this.recompute();
  }

  toggleRegion(id: number): void {
    this.changedAt = performance.now();
    const r = this.result;
    if (!r || !this.map || !id) return;
    this.seeds = r.rejected.has(id) ? acceptRegion(this.seeds, r, id) : rejectRegion(this.seeds, r, id, this.map);
    this.recompute();
  }

  acceptAll(): void {
    this.changedAt = performance.now();
    this.seeds = new Set();
    this.recompute();
  }

  rejectAll(): void {
    this.changedAt = performance.now();
    if (!this.result || !this.map) return;
    this.seeds = rejectAll(this.result, this.map);
    this.recompute();
  }

  /** The mask the review currently proposes (accepted regions), or the stored AI-original mask without a map. */
  get reviewMask(): Uint8Array | null {
    return this.result?.mask ?? this.proposalMask;
  }

  /** A box holding every foreground pixel of reviewMask (null: empty), when known (undefined: not known). */
  get reviewMaskBox(): Box | null | undefined {
    const r = this.result;
    if (!r) return undefined;
    let box: Box | null = null;
    for (const g of r.regions) if (!r.rejected.has(g.id)) box = unionBox(box, g.bbox);
    return box;
  }
}
