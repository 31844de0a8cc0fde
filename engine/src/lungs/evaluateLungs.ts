/**
 * Judges a lung model on (image, mask) pairs at each truth mask's own size: the model's probability map is
 * turned into a mask at that size (mask/lungMaskFromProb: upsampled, thresholded, two largest regions, holes
 * filled) and compared with the truth (binarised at half its range). Dice and IoU per image; mean, median, min.
 */
import { EngineError } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { lungMaskFromProb } from '../../mask/lungMaskFromProb';
import { dice } from '../metrics/dice';
import { iou } from '../metrics/iou';
import type { LungModel } from './lungModel';
import type { LungPair } from './readLungDataset';

export interface LungEvalResult {
  images: number;
  diceMean: number;
  diceMedian: number;
  diceMin: number;
  iouMean: number;
  /** Per image, in pair order. */
  perImage: { rel: string; dice: number; iou: number }[];
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function evaluateLungs(model: LungModel, pairs: LungPair[], onPair?: (done: number, total: number) => void, signal?: AbortSignal): Promise<LungEvalResult> {
  if (pairs.length === 0) throw new EngineError('BAD_DATASET', 'no validation pairs to evaluate the lung model on');
  const perImage: LungEvalResult['perImage'] = [];
  for (const [i, p] of pairs.entries()) {
    if (signal?.aborted) throw new EngineError('CANCELLED', 'cancelled while evaluating');
    const g = await loadGrayImage(p.image);
    const t = await loadGrayImage(p.mask);
    const prob = await model.probability(g);
    const pred = lungMaskFromProb(prob, model.size, model.size, t.width, t.height);
    let inter = 0;
    let np = 0;
    let nt = 0;
    for (let k = 0; k < pred.length; k++) {
      const y = t.data[k]! > 0.5 ? 1 : 0;
      inter += pred[k]! & y; np += pred[k]!; nt += y;
    }
    const c = { inter, pred: np, truth: nt, total: pred.length };
    perImage.push({ rel: p.rel, dice: dice(c), iou: iou(c) });
    onPair?.(i + 1, pairs.length);
  }
  const d = perImage.map((x) => x.dice);
  return {
    images: perImage.length,
    diceMean: d.reduce((a, b) => a + b, 0) / d.length,
    diceMedian: median(d),
    diceMin: Math.min(...d),
    iouMean: perImage.reduce((a, b) => a + b.iou, 0) / perImage.length,
    perImage,
  };
}
