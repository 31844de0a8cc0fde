/**
 * Worklist thumbnails: the engine's 8-bit model view (image.thumbnail) drawn into a canvas and kept as a
 * data URL per path (in memory, capped, oldest dropped). At most `concurrency` requests in flight.
 */
import type { EngineClient } from '../../../../engine/protocol/client';

export const THUMB_SIDE = 64;

export class ThumbnailCache {
  private readonly urls = new Map<string, string>();
  private readonly waiting: { path: string; resolve: (u: string | null) => void }[] = [];
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private active = 0;

  constructor(private readonly client: () => EngineClient | null, private readonly cap = 2000, private readonly concurrency = 2) {}

  cached(path: string): string | undefined {
    return this.urls.get(path);
  }

  get(path: string): Promise<string | null> {
    const hit = this.urls.get(path);
    if (hit) return Promise.resolve(hit);
    const pending = this.inFlight.get(path);
    if (pending) return pending;
    const p = new Promise<string | null>((resolve) => this.waiting.push({ path, resolve }));
    this.inFlight.set(path, p);
    this.pump();
    return p;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length) {
      const job = this.waiting.shift()!;
      this.active++;
      void this.load(job.path)
        .then(job.resolve, () => job.resolve(null))
        .finally(() => {
          this.active--;
          this.inFlight.delete(job.path);
          this.pump();
        });
    }
  }

  private async load(path: string): Promise<string | null> {
    const c = this.client();
    if (!c) return null;
    const t = await c.call('image.thumbnail', { path, maxSide: THUMB_SIDE });
    const canvas = document.createElement('canvas');
    canvas.width = t.width;
    canvas.height = t.height;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(t.width, t.height);
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i]!;
      img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const url = canvas.toDataURL('image/png');
    this.urls.set(path, url);
    if (this.urls.size > this.cap) this.urls.delete(this.urls.keys().next().value!);
    return url;
  }
}
