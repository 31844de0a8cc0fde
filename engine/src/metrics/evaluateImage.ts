import { connectedRegions } from '../../mask/connectedRegions';
import { boxesToMask } from './boxesToMask';
import { boxHits } from './boxHits';
import { dice } from './dice';
import { iou } from './iou';
import { overlapCounts } from './overlapCounts';
import { poi } from './poi';
import type { ImageMetrics, TruthBox } from './types';

export interface EvaluateImageInput {
  stem: string;
  label: 'normal' | 'abnormal';
  width: number;
  height: number;
  /** Predicted mask, 0/1, width*height. */
  pred: Uint8Array;
  /** Truth as a mask (its 8-connected regions' bounding boxes serve as boxes for the hit rate)... */
  truthMask?: Uint8Array;
  /** ...or as boxes (rasterised for PoI/IoU/Dice). */
  truthBoxes?: readonly TruthBox[];
}

/**
 * All metrics of one image. Normal images get only `flaggedArea` (their overlap metrics are null);
 * an abnormal image needs a truth mask or boxes.
 */
export function evaluateImage(input: EvaluateImageInput): ImageMetrics {
  const { stem, label, width, height, pred } = input;
  const n = width * height;
  if (pred.length !== n) throw new RangeError(`${stem}: prediction has ${pred.length} pixels, expected ${width}x${height}`);
  let predArea = 0;
  for (let i = 0; i < n; i++) if (pred[i]) predArea++;
  const base = { stem, label, width, height, predArea, flaggedArea: predArea / n };
  let truth: Uint8Array;
  let boxes: TruthBox[];
  if (input.truthBoxes) {
    boxes = [...input.truthBoxes];
    truth = boxesToMask(boxes, width, height);
  } else if (input.truthMask) {
    if (input.truthMask.length !== n) throw new RangeError(`${stem}: truth has ${input.truthMask.length} pixels, expected ${width}x${height}`);
    truth = input.truthMask;
    boxes = connectedRegions(truth, width, height).regions.map((r) => ({
      x1: r.bbox.x,
      y1: r.bbox.y,
      x2: r.bbox.x + r.bbox.w,
      y2: r.bbox.y + r.bbox.h,
    }));
  } else if (label === 'normal') {
    truth = new Uint8Array(n);
    boxes = [];
  } else {
    throw new RangeError(`${stem}: an abnormal image needs a truth mask or boxes`);
  }
  const c = overlapCounts(pred, truth);
  if (label === 'normal') {
    return { ...base, truthArea: c.truth, poi: null, iou: null, dice: null, boxes: boxes.length, boxHits: boxHits(pred, width, height, boxes) };
  }
  return {
    ...base,
    truthArea: c.truth,
    poi: poi(c),
    iou: iou(c),
    dice: dice(c),
    boxes: boxes.length,
    boxHits: boxHits(pred, width, height, boxes),
  };
}
