/**
 * One decoded frame -> display grayscale in [0, 1], bright = dense (bone):
 * grayscale: rescale, VOI (see applyVoi), MONOCHROME1 inverted;
 * colour (RGB samples): Rec. 601 luminance; palette: the palette's RGB, then luminance.
 */
import type { DicomInfo } from '../../protocol/dicom';
import type { ApplyVoiOptions, VoiChoice } from './voi/applyVoi';
import { applyVoi } from './voi/applyVoi';
import { rescale } from './voi/rescale';

export interface FrameGray {
  data: Float32Array;
  /** The VOI used (grayscale only). */
  voi?: VoiChoice;
}

export function frameToGray(frame: Int32Array, info: DicomInfo, opts: ApplyVoiOptions = {}): FrameGray {
  const pixels = info.rows * info.columns;
  if (info.photometric === 'PALETTE COLOR') {
    const p = info.palette;
    if (!p) throw new RangeError('frameToGray: palette image without palette');
    if (frame.length !== pixels) throw new RangeError(`frameToGray: ${frame.length} samples for ${pixels} pixels`);
    const n = p.red.length;
    const max = 2 ** p.bitsPerEntry - 1;
    const out = new Float32Array(pixels);
    for (let i = 0; i < pixels; i++) {
      let k = frame[i]! - p.firstMapped;
      k = k < 0 ? 0 : k >= n ? n - 1 : k;
      const y = (0.299 * p.red[k]! + 0.587 * p.green[k]! + 0.114 * p.blue[k]!) / max;
      out[i] = y > 1 ? 1 : y;
    }
    return { data: out };
  }
  if (info.samplesPerPixel === 3) {
    if (frame.length !== pixels * 3) throw new RangeError(`frameToGray: ${frame.length} samples for ${pixels} RGB pixels`);
    const max = 2 ** info.bitsStored - 1;
    const out = new Float32Array(pixels);
    for (let i = 0, j = 0; i < pixels; i++, j += 3) out[i] = (0.299 * frame[j]! + 0.587 * frame[j + 1]! + 0.114 * frame[j + 2]!) / max;
    return { data: out };
  }
  if (frame.length !== pixels) throw new RangeError(`frameToGray: ${frame.length} samples for ${pixels} pixels`);
  const { data, voi } = applyVoi(rescale(frame, info.rescale), info, opts);
  if (info.photometric === 'MONOCHROME1') for (let i = 0; i < data.length; i++) data[i] = 1 - data[i]!;
  return { data, voi };
}
