import type { OpenedImage } from '../../../../engine/protocol/image';
import type { LungFieldResult } from '../../../../engine/protocol/lungs';
import { modalityQuantiles } from './modalityQuantiles';
import type { Readout } from './pixelReadout';
import type { DragTool, ViewSummary } from './viewportController';
import { windowPresets, type WindowPreset } from './windowPresets';

/** What the viewer shows about the current image and viewport (the cornerstone element lives in ViewerPane). */
export class ViewerState {
  /** The engine's answer for the image on screen (pixels included: raw, replaced, never proxied). */
  image = $state.raw<OpenedImage | null>(null);
  view = $state.raw<ViewSummary | null>(null);
  readout = $state.raw<Readout | null>(null);
  tool = $state<DragTool>('window');
  /** Path being loaded, or null. */
  loading = $state<string | null>(null);
  /** Why the selected file is not shown, in words (names the file). */
  error = $state<string | null>(null);
  renders = $state(0);
  lastRenderMs = $state(0);
  showHelp = $state(false);
  /** Lung-field outline on/off (toolbar toggle, Shift+L). */
  showLungs = $state(false);
  /** The lung fields of `path` from the engine's lung model (raw: replaced, never proxied). */
  lungs = $state.raw<(LungFieldResult & { path: string }) | null>(null);
  /** Path whose lung fields are being computed, or null. */
  lungsLoading = $state<string | null>(null);
  /** Why the lung outline cannot be shown, in words. */
  lungsError = $state<string | null>(null);

  /** Window presets of the current grayscale image (file windows, full range, auto, lung, bone...). */
  readonly presets: WindowPreset[] = $derived.by(() => {
    const img = this.image;
    if (!img || img.kind !== 'gray') return [];
    return windowPresets(img, modalityQuantiles(img.pixels, img.minStored, img.maxStored, img.rescale));
  });
}
