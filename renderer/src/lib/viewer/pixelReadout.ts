/**
 * The value under the mouse: image pixel (column x, row y, from cornerstone's pageToPixel, fractional),
 * stored and modality values for grayscale, R G B for colour, and the position in mm when spacing is known.
 * Null outside the image.
 */
import type { OpenedImage } from '../../../../engine/protocol/image';

export type Readout =
  | { x: number; y: number; kind: 'gray'; stored: number; modality: number; unit?: string; mm?: { x: number; y: number } }
  | { x: number; y: number; kind: 'rgb'; rgb: [number, number, number]; mm?: { x: number; y: number } };

export function pixelReadout(img: OpenedImage, px: number, py: number): Readout | null {
  const x = Math.floor(px);
  const y = Math.floor(py);
  if (!(x >= 0 && y >= 0 && x < img.columns && y < img.rows)) return null;
  const mm = img.spacing ? { mm: { x: x * img.spacing.column, y: y * img.spacing.row } } : {};
  const i = y * img.columns + x;
  if (img.kind === 'rgb') return { x, y, kind: 'rgb', rgb: [img.pixels[i * 3]!, img.pixels[i * 3 + 1]!, img.pixels[i * 3 + 2]!], ...mm };
  const stored = img.pixels[i]!;
  const modality = stored * img.rescale.slope + img.rescale.intercept;
  return { x, y, kind: 'gray', stored, modality, ...(img.rescale.type ? { unit: img.rescale.type } : {}), ...mm };
}
