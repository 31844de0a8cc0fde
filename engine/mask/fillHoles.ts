import { assertPlane } from './checks';
import { foregroundBox } from './foregroundBox';

/**
 * Fills holes: background pixels not 4-connected to the image border (4-connectivity for the background is
 * the dual of the 8-connectivity used for foreground regions) become foreground.
 * Works inside the foreground's bounding box grown by one pixel: all background outside the box reaches the
 * border, so the flood starts from the grown box's edge.
 * @param mask Uint8Array 0/1, width*height (not modified)
 * @returns a new Uint8Array 0/1
 */
export function fillHoles(mask: Uint8Array, width: number, height: number): Uint8Array {
  assertPlane(mask, width, height, 'fillHoles');
  const n = width * height;
  const out = new Uint8Array(n);
  const box = foregroundBox(mask, width, height);
  if (!box) return out;
  const X0 = Math.max(0, box.x - 1);
  const X1 = Math.min(width - 1, box.x + box.w);
  const Y0 = Math.max(0, box.y - 1);
  const Y1 = Math.min(height - 1, box.y + box.h);
  // reached[i] = 1: background connected to the outside
  const reached = new Uint8Array(n);
  const stack = new Int32Array((X1 - X0 + 1) * (Y1 - Y0 + 1));
  let top = 0;
  for (let x = X0; x <= X1; x++) {
    for (const i of [Y0 * width + x, Y1 * width + x]) {
      if (!mask[i] && !reached[i]) { reached[i] = 1; stack[top++] = i; }
    }
  }
  for (let y = Y0; y <= Y1; y++) {
    for (const i of [y * width + X0, y * width + X1]) {
      if (!mask[i] && !reached[i]) { reached[i] = 1; stack[top++] = i; }
    }
  }
  while (top > 0) {
    const i = stack[--top];
    const y = (i / width) | 0;
    const x = i - y * width;
    let j: number;
    if (x > X0) { j = i - 1; if (!mask[j] && !reached[j]) { reached[j] = 1; stack[top++] = j; } }
    if (x < X1) { j = i + 1; if (!mask[j] && !reached[j]) { reached[j] = 1; stack[top++] = j; } }
    if (y > Y0) { j = i - width; if (!mask[j] && !reached[j]) { reached[j] = 1; stack[top++] = j; } }
    if (y < Y1) { j = i + width; if (!mask[j] && !reached[j]) { reached[j] = 1; stack[top++] = j; } }
  }
  for (let y = box.y; y < box.y + box.h; y++) {
    const row = y * width;
    for (let x = box.x; x < box.x + box.w; x++) out[row + x] = mask[row + x] || !reached[row + x] ? 1 : 0;
  }
  return out;
}
