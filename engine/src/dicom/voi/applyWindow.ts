import type { DicomInfo, VoiWindow } from '../../../protocol/dicom';

export type VoiLutFunction = DicomInfo['voiLutFunction'];

/**
 * VOI window (PS3.3 C.11.2.1.2) mapping modality values to [0, 1] (0 = darkest for MONOCHROME2 display).
 * LINEAR: the standard's formula with its -0.5 / (width-1) terms; LINEAR_EXACT: (x-c)/w + 0.5;
 * SIGMOID: 1/(1+exp(-4(x-c)/w)). Returns a new Float32Array.
 */
export function applyWindow(values: ArrayLike<number>, w: VoiWindow, fn: VoiLutFunction = 'LINEAR'): Float32Array {
  const { center: c, width } = w;
  if (!Number.isFinite(c) || !Number.isFinite(width) || width <= 0) throw new RangeError(`applyWindow: bad window center ${c} width ${width}`);
  const out = new Float32Array(values.length);
  const n = values.length;
  if (fn === 'SIGMOID') {
    for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp((-4 * (values[i]! - c)) / width));
    return out;
  }
  let lo: number;
  let hi: number;
  let scale: number;
  let offset: number;
  if (fn === 'LINEAR_EXACT') {
    lo = c - width / 2;
    hi = c + width / 2;
    scale = 1 / width;
    offset = 0.5 - c / width;
  } else {
    if (width < 1) throw new RangeError(`applyWindow: LINEAR window width ${width} < 1`);
    lo = c - 0.5 - (width - 1) / 2;
    hi = c - 0.5 + (width - 1) / 2;
    scale = width > 1 ? 1 / (width - 1) : 0;
    offset = width > 1 ? 0.5 - (c - 0.5) / (width - 1) : 0.5;
  }
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    out[i] = x <= lo ? 0 : x > hi ? 1 : x * scale + offset;
  }
  return out;
}
