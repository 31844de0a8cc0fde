/// <reference path="./cornerstone-core.d.ts" />
/**
 * The imperative side of the viewer: one cornerstone-enabled element, its mouse tools (drag = window/level
 * or pan, Shift/middle-drag = pan, wheel = zoom, move = pixel readout) and the viewport operations the
 * toolbar and keyboard call. Reports every render and readout through callbacks; `destroy()` disables
 * the element and removes every listener. Marks `taggan:first-paint:<imageId>` on an image's first render.
 */
import cornerstone, { type Viewport } from 'cornerstone-core';
import type { TagganImage } from './buildCornerstoneImage';
import { pixelReadout, type Readout } from './pixelReadout';
import { dragWindow, quarterTurn, wheelFactor, windowSensitivity, zoomScale } from './viewportMath';

export type DragTool = 'window' | 'pan';

/** The viewport as the UI shows it. Window in modality units; rotation in degrees. */
export interface ViewSummary {
  windowWidth: number;
  windowCenter: number;
  scale: number;
  rotation: number;
  hflip: boolean;
  vflip: boolean;
  /** Cornerstone's invert flag: true shows low values bright (set by default for MONOCHROME1). */
  invert: boolean;
  translation: { x: number; y: number };
}

export interface ViewportEvents {
  onRender(view: ViewSummary, renderMs: number, image: TagganImage): void;
  onReadout(r: Readout | null): void;
}

function summary(vp: Viewport): ViewSummary {
  return {
    windowWidth: vp.voi.windowWidth, windowCenter: vp.voi.windowCenter, scale: vp.scale, rotation: vp.rotation,
    hflip: vp.hflip, vflip: vp.vflip, invert: vp.invert, translation: { ...vp.translation },
  };
}

export class ViewportController {
  tool: DragTool = 'window';
  /**
   * True while an editing tool (brush/eraser) owns the left button: plain left-drag and Ctrl+wheel are left to
   * the editor's own listeners (Shift/middle-drag still pans, the plain wheel still zooms).
   */
  paintMode = false;
  private image: TagganImage | null = null;
  private destroyed = false;
  private readonly off: (() => void)[] = [];
  /** Images rendered at least once (their first render is marked for the benchmark). */
  private readonly painted = new WeakSet<TagganImage>();
  private drag: { id: number; x: number; y: number; mode: DragTool } | null = null;

  constructor(private readonly el: HTMLElement, private readonly events: ViewportEvents) {
    cornerstone.enable(el);
    this.listen(el, cornerstone.EVENTS.IMAGE_RENDERED, (e) => {
      const d = (e as CustomEvent).detail as { viewport: Viewport; renderTimeInMs: number; image: TagganImage };
      if (d.image !== this.image) return;
      if (!this.painted.has(d.image)) {
        this.painted.add(d.image);
        performance.mark(`taggan:first-paint:${d.image.imageId}`);
      }
      this.events.onRender(summary(d.viewport), d.renderTimeInMs, d.image);
    });
    this.listen(el, 'pointerdown', (e) => this.pointerDown(e as PointerEvent));
    this.listen(el, 'pointermove', (e) => this.pointerMove(e as PointerEvent));
    this.listen(el, 'pointerup', (e) => this.pointerUp(e as PointerEvent));
    this.listen(el, 'pointercancel', (e) => this.pointerUp(e as PointerEvent));
    this.listen(el, 'pointerleave', () => this.events.onReadout(null));
    this.listen(el, 'wheel', (e) => this.wheel(e as WheelEvent), { passive: false });
    this.listen(el, 'contextmenu', (e) => e.preventDefault());
    const ro = new ResizeObserver(() => {
      if (!this.destroyed) cornerstone.resize(el, false);
    });
    ro.observe(el);
    this.off.push(() => ro.disconnect());
  }

  /** The cornerstone-enabled element (overlays listen on it and sit over it). */
  get element(): HTMLElement {
    return this.el;
  }

  get current(): TagganImage | null {
    return this.image;
  }

  /** Loads (through the taggan loader) and displays an image with its default viewport (fit, file window). */
  async show(imageId: string): Promise<TagganImage | null> {
    const image = (await cornerstone.loadImage(imageId)) as TagganImage;
    if (this.destroyed) return null;
    this.image = image;
    cornerstone.displayImage(this.el, image, cornerstone.getDefaultViewportForImage(this.el, image));
    return image;
  }

  zoom(factor: number): void {
    this.modify((vp) => { vp.scale = zoomScale(vp.scale, factor); });
  }

  fit(): void {
    if (this.image) cornerstone.fitToWindow(this.el);
  }

  reset(): void {
    if (this.image) cornerstone.reset(this.el);
  }

  invert(): void {
    this.modify((vp) => { vp.invert = !vp.invert; });
  }

  rotate(dir: 1 | -1): void {
    this.modify((vp) => { vp.rotation = quarterTurn(vp.rotation, dir); });
  }

  flip(axis: 'h' | 'v'): void {
    this.modify((vp) => {
      if (axis === 'h') vp.hflip = !vp.hflip;
      else vp.vflip = !vp.vflip;
    });
  }

  /** Sets a linear window (modality units); drops any VOI LUT so the window is what shows. */
  setWindow(center: number, width: number): void {
    this.modify((vp) => {
      vp.voi = { windowCenter: center, windowWidth: Math.max(1, width) };
      vp.voiLUT = undefined;
    });
  }

  /** Canvas-to-image coordinates of a page point (continuous pixel coordinates), or null without an image. */
  pageToImage(pageX: number, pageY: number): { x: number; y: number } | null {
    if (!this.image) return null;
    return cornerstone.pageToPixel(this.el, pageX, pageY);
  }

  /**
   * The current image-to-canvas transform as canvas 2D setTransform arguments (zoom, pan, rotation, flips), and
   * the canvas size cornerstone draws into; null without an image.
   */
  imageToCanvas(): { affine: [number, number, number, number, number, number]; width: number; height: number } | null {
    if (!this.image) return null;
    const canvas = this.el.querySelector('canvas');
    if (!canvas) return null;
    const p0 = cornerstone.pixelToCanvas(this.el, { x: 0, y: 0 });
    const px = cornerstone.pixelToCanvas(this.el, { x: 1, y: 0 });
    const py = cornerstone.pixelToCanvas(this.el, { x: 0, y: 1 });
    return { affine: [px.x - p0.x, px.y - p0.y, py.x - p0.x, py.y - p0.y, p0.x, p0.y], width: canvas.width, height: canvas.height };
  }

  destroy(): void {
    this.destroyed = true;
    for (const f of this.off.splice(0)) f();
    this.image = null;
    cornerstone.disable(this.el);
  }

  private modify(fn: (vp: Viewport) => void): void {
    if (!this.image) return;
    const vp = cornerstone.getViewport(this.el);
    if (!vp) return;
    fn(vp);
    cornerstone.setViewport(this.el, vp);
  }

  private listen(target: EventTarget, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void {
    target.addEventListener(type, fn, opts);
    this.off.push(() => target.removeEventListener(type, fn, opts));
  }

  private pointerDown(e: PointerEvent): void {
    if (!this.image || (e.button !== 0 && e.button !== 1)) return;
    if (this.paintMode && e.button === 0 && !e.shiftKey) return;
    const mode: DragTool = this.tool === 'pan' || e.shiftKey || e.button === 1 ? 'pan' : 'window';
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, mode };
    this.el.setPointerCapture(e.pointerId);
    e.preventDefault();
  }

  private pointerMove(e: PointerEvent): void {
    const img = this.image;
    if (!img) return;
    if (this.drag && this.drag.id === e.pointerId) {
      const dx = e.clientX - this.drag.x;
      const dy = e.clientY - this.drag.y;
      this.drag.x = e.clientX;
      this.drag.y = e.clientY;
      if (this.drag.mode === 'pan') {
        this.modify((vp) => {
          vp.translation = { x: vp.translation.x + dx / vp.scale, y: vp.translation.y + dy / vp.scale };
        });
      } else {
        const lo = img.minPixelValue * img.slope + img.intercept;
        const hi = img.maxPixelValue * img.slope + img.intercept;
        const units = img.color ? 1 : windowSensitivity(lo, hi);
        this.modify((vp) => {
          vp.voi = dragWindow(vp.voi, dx, dy, units);
          vp.voiLUT = undefined;
        });
      }
    }
    const p = cornerstone.pageToPixel(this.el, e.pageX, e.pageY);
    this.events.onReadout(pixelReadout(img.taggan, p.x, p.y));
  }

  private pointerUp(e: PointerEvent): void {
    if (this.drag?.id !== e.pointerId) return;
    this.drag = null;
    if (this.el.hasPointerCapture(e.pointerId)) this.el.releasePointerCapture(e.pointerId);
  }

  private wheel(e: WheelEvent): void {
    if (!this.image) return;
    e.preventDefault();
    if (this.paintMode && (e.ctrlKey || e.metaKey)) return;
    this.zoom(wheelFactor(e.deltaY));
  }
}
