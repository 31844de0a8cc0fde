/** Deterministic test mask for edit number n: a square whose position and size depend on n. */
export function editMask(width: number, height: number, n: number): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(width * height);
  const s = 2 + (n % 7);
  const x0 = (n * 3) % (width - s);
  const y0 = (n * 5) % (height - s);
  for (let y = y0; y < y0 + s; y++) for (let x = x0; x < x0 + s; x++) data[y * width + x] = 1;
  return { width, height, data };
}
