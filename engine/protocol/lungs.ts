/** The lung-field model behind the engine protocol (method `lungs.segment`). Pure types. */

/** One image's lung fields, at the image's own size. */
export interface LungFieldResult {
  width: number;
  height: number;
  /** 0/1 per pixel, row-major, width*height (the first frame for DICOM unless another was asked for). */
  mask: Uint8Array;
  /** Fraction of the image's pixels inside the lung fields. */
  fraction: number;
  /** The lung model's id (folder@step-weightshash). */
  model: string;
  /** Milliseconds spent in the network (not decoding). */
  modelMs: number;
}
