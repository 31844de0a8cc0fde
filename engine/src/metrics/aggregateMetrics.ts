import type { ImageMetrics, SetMetrics } from './types';

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Set-level metrics. Over abnormal images: IoU and Dice are plain means (an empty prediction counts 0);
 * PoI is the mean over the abnormal images that have a prediction (PoI of nothing is undefined; how many
 * is `poiImages`); boxHit is hit boxes / all truth boxes (pooled over images). Normal images contribute
 * only to normalFlaggedArea, the mean share of their pixels flagged. A mean over no image is null.
 */
export function aggregateMetrics(images: readonly ImageMetrics[]): SetMetrics {
  const abn = images.filter((m) => m.label === 'abnormal');
  const nor = images.filter((m) => m.label === 'normal');
  const poiVals = abn.map((m) => m.poi).filter((v): v is number => v !== null);
  const boxes = abn.reduce((a, m) => a + m.boxes, 0);
  const hits = abn.reduce((a, m) => a + m.boxHits, 0);
  return {
    poi: mean(poiVals),
    iou: mean(abn.map((m) => m.iou ?? 0)),
    dice: mean(abn.map((m) => m.dice ?? 0)),
    boxHit: boxes === 0 ? null : hits / boxes,
    normalFlaggedArea: mean(nor.map((m) => m.flaggedArea)),
    n: images.length,
    nAbnormal: abn.length,
    nNormal: nor.length,
    poiImages: poiVals.length,
    boxes,
    boxHits: hits,
    abnormalWithProposal: abn.filter((m) => m.predArea > 0).length,
    normalWithProposal: nor.filter((m) => m.predArea > 0).length,
  };
}
