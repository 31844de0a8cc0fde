/**
 * Window presets for a grayscale image, in modality units (what the viewport's VOI uses):
 * the file's own windows first, then "Full range" (min..max) and "Auto" (1st..99th percentile), then
 * - for CT / HU data: the standard HU windows Lung (C -600, W 1500), Mediastinum (40/400), Bone (300/1500);
 * - for projection radiographs and other units (CR, DX, PNG, ...): Lung and Bone from the histogram,
 *   ordered by attenuation (MONOCHROME1 stores air high, so the order flips): Lung spans the least
 *   attenuating 2..60 % of pixels, Bone the most attenuating 45..99.5 %.
 */
import type { OpenedGrayImage } from '../../../../engine/protocol/image';

export interface WindowPreset {
  id: string;
  label: string;
  center: number;
  width: number;
}

function span(id: string, label: string, lo: number, hi: number): WindowPreset {
  const a = Math.min(lo, hi);
  const b = Math.max(lo, hi);
  return { id, label, center: (a + b) / 2, width: Math.max(1, b - a) };
}

/** @param quantile q(p) of the modality values, e.g. from modalityQuantiles. */
export function windowPresets(img: Pick<OpenedGrayImage, 'windows' | 'modality' | 'rescale' | 'invert'>, quantile: (p: number) => number): WindowPreset[] {
  const out: WindowPreset[] = img.windows.map((w, i) => ({
    id: `file-${i}`,
    label: w.explanation ? `File: ${w.explanation}` : `File ${i + 1}`,
    center: w.center,
    width: w.width,
  }));
  out.push(span('full', 'Full range', quantile(0), quantile(1)));
  out.push(span('auto', 'Auto (1–99 %)', quantile(0.01), quantile(0.99)));
  const hu = img.modality === 'CT' || img.rescale.type?.toUpperCase() === 'HU';
  if (hu) {
    out.push({ id: 'lung', label: 'Lung', center: -600, width: 1500 });
    out.push({ id: 'mediastinum', label: 'Mediastinum', center: 40, width: 400 });
    out.push({ id: 'bone', label: 'Bone', center: 300, width: 1500 });
    return out;
  }
  // p-th attenuation quantile: for MONOCHROME1 high stored values are low attenuation.
  const att = (p: number) => quantile(img.invert ? 1 - p : p);
  out.push(span('lung', 'Lung', att(0.02), att(0.6)));
  out.push(span('bone', 'Bone', att(0.45), att(0.995)));
  return out;
}
