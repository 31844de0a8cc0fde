/**
 * The part of cornerstone-core 2.6 (which ships no types) that the viewer uses, typed from its source
 * (node_modules/cornerstone-core/dist/cornerstone.js: displayImage, getDefaultViewport, generateLut,
 * storedRGBAPixelDataToCanvasImageData, pageToPixel, events).
 */
declare module 'cornerstone-core' {
  export type PixelArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Uint8ClampedArray | Float32Array;

  export interface CornerstoneVoiLut {
    firstValueMapped: number;
    numBitsPerEntry: number;
    lut: ArrayLike<number>;
  }

  /** A cornerstone Image object as an image loader returns it. */
  export interface Image {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData(): PixelArray;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    /** Colour pixel data is RGBA (4 bytes per pixel) when true. */
    rgba?: boolean;
    /** True: display inverted (MONOCHROME1). */
    invert: boolean;
    columnPixelSpacing?: number;
    rowPixelSpacing?: number;
    sizeInBytes: number;
    voiLUT?: CornerstoneVoiLut;
    render?: unknown;
    stats?: Record<string, number>;
  }

  export interface Viewport {
    scale: number;
    translation: { x: number; y: number };
    voi: { windowWidth: number; windowCenter: number };
    invert: boolean;
    pixelReplication: boolean;
    rotation: number;
    hflip: boolean;
    vflip: boolean;
    modalityLUT?: unknown;
    voiLUT?: CornerstoneVoiLut;
    colormap?: unknown;
    labelmap?: boolean;
    displayedArea?: unknown;
  }

  export interface ImageLoadObject {
    promise: Promise<Image>;
    cancelFn?: () => void;
  }

  export type ImageLoader = (imageId: string, options?: unknown) => ImageLoadObject;

  export interface ImageRenderedDetail {
    viewport: Viewport;
    element: HTMLElement;
    image: Image;
    renderTimeInMs: number;
  }

  export const EVENTS: {
    IMAGE_RENDERED: 'cornerstoneimagerendered';
    NEW_IMAGE: 'cornerstonenewimage';
    ELEMENT_RESIZED: 'cornerstoneelementresized';
  };

  export function registerImageLoader(scheme: string, loader: ImageLoader): void;
  export function loadImage(imageId: string, options?: unknown): Promise<Image>;
  export function enable(element: HTMLElement, options?: { renderer?: 'webgl' }): void;
  export function disable(element: HTMLElement): void;
  export function displayImage(element: HTMLElement, image: Image, viewport?: Partial<Viewport>): void;
  export function getViewport(element: HTMLElement): Viewport | undefined;
  export function setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
  export function getDefaultViewportForImage(element: HTMLElement, image: Image): Viewport;
  export function fitToWindow(element: HTMLElement): void;
  export function reset(element: HTMLElement): void;
  export function resize(element: HTMLElement, forceFitToWindow?: boolean): void;
  export function pageToPixel(element: HTMLElement, pageX: number, pageY: number): { x: number; y: number };
  /** Image pixel coordinates -> canvas pixels under the element's current transform. */
  export function pixelToCanvas(element: HTMLElement, pt: { x: number; y: number }): { x: number; y: number };
  export function getImage(element: HTMLElement): Image | undefined;
  export function updateImage(element: HTMLElement, invalidated?: boolean): void;

  const cornerstone: {
    EVENTS: typeof EVENTS;
    registerImageLoader: typeof registerImageLoader;
    loadImage: typeof loadImage;
    enable: typeof enable;
    disable: typeof disable;
    displayImage: typeof displayImage;
    getViewport: typeof getViewport;
    setViewport: typeof setViewport;
    getDefaultViewportForImage: typeof getDefaultViewportForImage;
    fitToWindow: typeof fitToWindow;
    reset: typeof reset;
    resize: typeof resize;
    pageToPixel: typeof pageToPixel;
    pixelToCanvas: typeof pixelToCanvas;
    getImage: typeof getImage;
    updateImage: typeof updateImage;
  };
  export default cornerstone;
}
