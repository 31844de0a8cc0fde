import { assertPlane } from './checks';
import type { Box } from './types';

/**
 * The bounding box of a mask's non-zero pixels, or null when the mask is empty. The mask tools use it to
 * work only where something can change (masks are mostly background), which keeps a 2048x2048 recompute fast.
 * @param mask Uint8Array, width*height
 */
export function foregroundBox(mask: Uint8Array, width: number, height: number): Box | null {
  assertPlane(mask, width, height, 'foregroundBox');
  let y0 = -1;
  for (let y = 0; y < height && y0 < 0; y++) {
    const row = mask.subarray(y * width, (y + 1) * width);
    for (let x = 0; x < width; x++) if (row[x]) { y0 = y; break; }
  }
  if (y0 < 0) return null;
  let y1 = y0;
  for (let y = height - 1; y > y0; y--) {
    const row = mask.subarray(y * width, (y + 1) * width);
    let any = false;
    for (let x = 0; x < width; x++) if (row[x]) { any = true; break; }
    if (any) { y1 = y; break; }
  }
  let x0 = width;
  let x1 = -1;
  for (let y = y0; y <= y1; y++) {
    const row = y * width;
    for (let x = 0; x < x0; x++) if (mask[row + x]) { x0 = x; break; }
    for (let x = width - 1; x > x1; x--) if (mask[row + x]) { x1 = x; break; }
  }
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}
