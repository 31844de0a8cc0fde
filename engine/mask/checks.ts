/** Argument checks shared by the mask tools; they throw RangeError with what was wrong. */

export function assertSize(width: number, height: number, what = 'size'): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: bad size ${width}x${height}`);
  }
}

export function assertPlane(data: ArrayLike<number>, width: number, height: number, what: string): void {
  assertSize(width, height, what);
  if (data.length !== width * height) {
    throw new RangeError(`${what}: length ${data.length} != ${width}x${height}`);
  }
}

export function assertKernel(kw: number, kh: number): void {
  if (!Number.isInteger(kw) || !Number.isInteger(kh) || kw < 1 || kh < 1) {
    throw new RangeError(`kernel: bad size ${kw}x${kh} (positive integers)`);
  }
}
