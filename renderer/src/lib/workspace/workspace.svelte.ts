import type { EngineClient } from '../../../../engine/protocol/client';
import type { AddImagesResult, ImageRecord, WorkspaceStatus } from '../../../../engine/protocol/workspace';
import { DEFAULT_LABEL_CLASSES } from '../../../../engine/protocol/workspace';
import { describeError } from './describeError';
import { ThumbnailCache } from './thumbnailCache';
import { countWorklist, findNext, isProposed, isUnlabelled, matchesFilter, orderWorklist, stepIndex, type WorklistFilter, type WorklistOrder } from './worklistNav';

/** A line for the user about the last workspace action (an error in words when `error`). */
export interface Notice {
  text: string;
  error: boolean;
}

/**
 * The open workspace as the UI sees it: status, the image list (records are small; replaced on refresh), the
 * class list, filters, the selected image, and the actions that go through the engine (open/create, import,
 * label). Every label is shown only after the engine committed it.
 */
export class WorkspaceState {
  status = $state.raw<WorkspaceStatus | null>(null);
  images = $state.raw<ImageRecord[]>([]);
  filter = $state<WorklistFilter>({ status: null, label: null });
  order = $state<WorklistOrder>('added');
  selectedId = $state<number | null>(null);
  busy = $state<string | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  notice = $state.raw<Notice | null>(null);
  readonly thumbs: ThumbnailCache;

  readonly classes: string[] = $derived(this.status?.labels ?? [...DEFAULT_LABEL_CLASSES]);
  readonly visible: ImageRecord[] = $derived(orderWorklist(this.images.filter((im) => matchesFilter(im, this.filter)), this.order));
  readonly counts = $derived(countWorklist(this.images, this.classes));
  readonly selected: ImageRecord | null = $derived(this.images.find((im) => im.id === this.selectedId) ?? null);

  constructor(private readonly client: () => EngineClient | null) {
    this.thumbs = new ThumbnailCache(client);
  }

  get isOpen(): boolean {
    return this.status !== null;
  }

  private need(): EngineClient {
    const c = this.client();
    if (!c) throw new Error('not connected to the engine');
    return c;
  }

  /** Opens (or creates) a workspace folder. */
  async open(dir: string, create: boolean): Promise<boolean> {
    this.busy = create ? 'creating the workspace' : 'opening the workspace';
    try {
      this.status = await this.need().call('workspace.open', { dir, create });
      this.selectedId = null;
      await this.refresh();
      this.notice = { text: `${create ? 'Created' : 'Opened'} workspace ${this.status.dir}${this.status.readOnly ? ' read-only (view and export only)' : ''}`, error: false };
      return true;
    } catch (e) {
      this.notice = { text: describeError(e, create ? `Cannot create a workspace in ${dir}` : `Cannot open ${dir}`), error: true };
      return false;
    } finally {
      this.busy = null;
    }
  }

  /** Runs an engine job with `busy` (and a progress bar) shown; a failure becomes the notice, the result null. */
  private async job<T>(busy: string, failed: string, progress: { done: number; total: number } | null, fn: (c: EngineClient) => Promise<T>): Promise<T | null> {
    this.busy = busy;
    this.progress = progress;
    try {
      return await fn(this.need());
    } catch (e) {
      this.notice = { text: describeError(e, failed), error: true };
      return null;
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }

  /**
   * "Try the samples": the engine builds a workspace from the shipped radiographs (in `dir`, else a new folder
   * under ~/TagGAN Desk), labels them and runs the model's proposals; the notice says what it found and the
   * model's caveat.
   */
  async createSamples(dir?: string): Promise<boolean> {
    const ok = await this.job('building the sample workspace', 'Cannot build the sample workspace', null, async (c) => {
      const r = await c.call('samples.create', dir ? { dir } : {}, {
        onProgress: (p) => {
          this.busy = p.stage;
          this.progress = { done: p.done, total: p.total };
        },
      });
      this.status = r.status;
      this.selectedId = null;
      await this.refresh();
      const found = r.proposals.filter((p) => p.maskArea > 0).length;
      const failed = r.failed.length ? `; ${r.failed.length} failed (${r.failed[0]!.message})` : '';
      this.notice = {
        text: `Sample workspace ${r.status.dir}: ${r.images} images labelled; the model proposed a region on ${found} of ${r.proposals.length}${failed}.${r.caveat ? ` Model caveat: ${r.caveat}` : ''}`,
        error: false,
      };
      return true;
    });
    return ok === true;
  }

  async close(): Promise<void> {
    try {
      await this.need().call('workspace.close', {});
    } catch (e) {
      this.notice = { text: describeError(e, 'Closing the workspace'), error: true };
    }
    this.status = null;
    this.images = [];
    this.selectedId = null;
  }

  /** Reloads status and the image list (after an import, proposals, an export, an engine restart). */
  async refresh(): Promise<void> {
    const c = this.need();
    const [status, images] = await Promise.all([c.call('workspace.status', {}), c.call('workspace.images', {})]);
    this.status = status;
    this.images = images;
    if (this.selectedId === null && images[0]) this.selectedId = images[0].id;
  }

  /** Imports files and folders (by reference); reports what was added, duplicated, skipped or failed. */
  async importPaths(paths: string[]): Promise<AddImagesResult | null> {
    if (!paths.length) return null;
    return this.job('importing', 'Import failed', { done: 0, total: paths.length }, async (c) => {
      const r = await c.call('workspace.add', { paths }, { onProgress: (p) => (this.progress = { done: p.done, total: p.total }) });
      await this.refresh();
      const parts = [`${r.added.length} image${r.added.length === 1 ? '' : 's'} added`];
      if (r.duplicates.length) parts.push(`${r.duplicates.length} already in the workspace`);
      if (r.skipped.length) parts.push(`${r.skipped.length} non-image files skipped`);
      if (r.failed.length) parts.push(`${r.failed.length} failed: ${r.failed.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ')}${r.failed.length > 3 ? '…' : ''}`);
      this.notice = { text: parts.join(', '), error: r.failed.length > 0 && r.added.length === 0 };
      if (r.added[0] && this.selectedId === null) this.selectedId = r.added[0].id;
      return r;
    });
  }

  /** Sets the selected image's label; the list shows it once the engine committed it. */
  async setLabel(label: string, imageId = this.selectedId): Promise<boolean> {
    if (imageId === null) return false;
    try {
      const rec = await this.need().call('workspace.label', { imageId, label });
      this.images = this.images.map((im) => (im.id === imageId ? { ...im, label: rec.label } : im));
      this.status = await this.need().call('workspace.status', {});
      return true;
    } catch (e) {
      this.notice = { text: describeError(e, `Label "${label}" not saved`), error: true };
      return false;
    }
  }

  /** Replaces the class list (first = normal class). */
  async setClasses(labels: string[]): Promise<boolean> {
    try {
      this.status = await this.need().call('workspace.labels', { labels });
      this.notice = { text: `Classes: ${labels.join(', ')}`, error: false };
      return true;
    } catch (e) {
      this.notice = { text: describeError(e, 'Classes not changed'), error: true };
      return false;
    }
  }

  /** Updates one record after the engine changed it (e.g. an annotation saved changes the status). */
  patchImage(imageId: number, patch: Partial<ImageRecord>): void {
    this.images = this.images.map((im) => (im.id === imageId ? { ...im, ...patch } : im));
  }

  /** Next/previous visible image. */
  step(dir: 1 | -1): void {
    const list = this.visible;
    const i = stepIndex(list.length, list.findIndex((im) => im.id === this.selectedId), dir);
    if (i >= 0) this.selectedId = list[i]!.id;
  }

  /** Next visible image that is unlabelled / has a proposal waiting; a notice when there is none. */
  next(kind: 'unlabelled' | 'proposed'): void {
    const list = this.visible;
    const i = findNext(list, list.findIndex((im) => im.id === this.selectedId), 1, kind === 'unlabelled' ? isUnlabelled : isProposed);
    if (i >= 0) this.selectedId = list[i]!.id;
    else this.notice = { text: kind === 'unlabelled' ? 'Every listed image has a label.' : 'No listed image has a proposal waiting for review.', error: false };
  }
}
