/// <reference path="./cornerstone-core.d.ts" />
/**
 * Registers the `taggan:` cornerstone image loader: loadImage(imageId) asks the engine (`image.open`) for
 * the decoded frame and builds a cornerstone Image from it, so the engine decodes once and the renderer
 * only maps values to the screen. A small LRU keeps the last few images so going back is instant.
 * Marks `taggan:request` / `taggan:loaded` performance entries per image id (read by the benchmark).
 */
import cornerstone from 'cornerstone-core';
import type { EngineClient } from '../../../../engine/protocol/client';
import { buildCornerstoneImage, type TagganImage } from './buildCornerstoneImage';
import { parseImageId, TAGGAN_SCHEME } from './imageId';

const KEEP = 3;
const recent = new Map<string, TagganImage>();
let clientRef: (() => EngineClient | null) | null = null;

function remember(id: string, image: TagganImage): void {
  recent.delete(id);
  recent.set(id, image);
  while (recent.size > KEEP) recent.delete(recent.keys().next().value!);
}

/** Forgets cached images (e.g. after the file changed on disk). */
export function forgetImages(): void {
  recent.clear();
}

/** Registers the loader once; `client()` gives the current engine client (it may be replaced after a restart). */
export function registerTagganLoader(client: () => EngineClient | null): void {
  const first = clientRef === null;
  clientRef = client;
  if (!first) return;
  cornerstone.registerImageLoader(TAGGAN_SCHEME, (imageId) => {
    const hit = recent.get(imageId);
    if (hit) return { promise: Promise.resolve(hit) };
    const abort = new AbortController();
    performance.mark(`taggan:request:${imageId}`);
    const promise = (async () => {
      const c = clientRef?.();
      if (!c) throw new Error('not connected to the engine');
      const ref = parseImageId(imageId);
      const opened = await c.call('image.open', ref.frame === 0 ? { path: ref.path } : { path: ref.path, frame: ref.frame }, { signal: abort.signal });
      const image = buildCornerstoneImage(imageId, opened);
      performance.mark(`taggan:loaded:${imageId}`);
      remember(imageId, image);
      return image;
    })();
    return { promise, cancelFn: () => abort.abort() };
  });
}
