import { assertKernel, assertPlane } from './checks';
import { foregroundBox } from './foregroundBox';

/**
 * Binary erosion or dilation of a 0/1 mask by a kw x kh rectangle, done as two separable running-count
 * passes (O(pixels) whatever the kernel size), limited to the foreground's bounding box grown by the
 * kernel (nothing outside it can become 1). Pixels outside the image count as background.
 * The window of pixel x is [x - a, x - a + k - 1] with anchor a = floor(k/2) for erosion, and the
 * reflected window [x - (k - 1 - a), x + a] for dilation, so opening (erode then dilate) never grows a
 * mask and closing never shrinks it, also for even kernels (2x2). Odd kernels are centred.
 * Internal: use `erode` / `dilate`.
 */
export function morphRect(
  mask: Uint8Array,
  width: number,
  height: number,
  kw: number,
  kh: number,
  op: 'erode' | 'dilate',
): Uint8Array {
  assertPlane(mask, width, height, op);
  assertKernel(kw, kh);
  const out = new Uint8Array(width * height);
  const box = foregroundBox(mask, width, height);
  if (!box) return out;
  const ax = kw >> 1;
  const ay = kh >> 1;
  // window offsets [lo, hi] relative to the output pixel
  const xlo = op === 'erode' ? -ax : -(kw - 1 - ax);
  const xhi = xlo + kw - 1;
  const ylo = op === 'erode' ? -ay : -(kh - 1 - ay);
  const yhi = ylo + kh - 1;
  const erode = op === 'erode';
  // output can be 1 only where the window touches the foreground box
  const X0 = Math.max(0, box.x - xhi);
  const X1 = Math.min(width - 1, box.x + box.w - 1 - xlo);
  const Y0 = Math.max(0, box.y - yhi);
  const Y1 = Math.min(height - 1, box.y + box.h - 1 - ylo);

  // pass 1: along rows (only rows holding foreground) -> tmp (0/1), columns X0..X1
  const tmp = new Uint8Array(width * height);
  for (let y = box.y; y < box.y + box.h; y++) {
    const row = y * width;
    let count = 0;
    for (let c = Math.max(0, X0 + xlo); c <= Math.min(width - 1, X0 + xhi); c++) count += mask[row + c] ? 1 : 0;
    for (let x = X0; x <= X1; x++) {
      tmp[row + x] = erode ? (count === kw ? 1 : 0) : count > 0 ? 1 : 0;
      const leave = x + xlo;
      const enter = x + xhi + 1;
      if (leave >= 0 && mask[row + leave]) count--;
      if (enter < width && mask[row + enter]) count++;
    }
  }
  // pass 2: along columns, all columns X0..X1 at once (row-major friendly); tmp is 0 outside what pass 1 wrote
  const counts = new Int32Array(width);
  for (let r = Math.max(0, Y0 + ylo); r <= Math.min(height - 1, Y0 + yhi); r++) {
    const row = r * width;
    for (let x = X0; x <= X1; x++) counts[x] += tmp[row + x];
  }
  for (let y = Y0; y <= Y1; y++) {
    const row = y * width;
    if (erode) for (let x = X0; x <= X1; x++) out[row + x] = counts[x] === kh ? 1 : 0;
    else for (let x = X0; x <= X1; x++) out[row + x] = counts[x] > 0 ? 1 : 0;
    const leave = y + ylo;
    const enter = y + yhi + 1;
    if (leave >= 0) {
      const lr = leave * width;
      for (let x = X0; x <= X1; x++) counts[x] -= tmp[lr + x];
    }
    if (enter < height) {
      const er = enter * width;
      for (let x = X0; x <= X1; x++) counts[x] += tmp[er + x];
    }
  }
  return out;
}
