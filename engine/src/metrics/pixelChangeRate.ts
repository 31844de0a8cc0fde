/**
 * Pixel change rate (PILLET-GAN): the share of pixels whose |x - xN| exceeds `epsilon`, where xN is the
 * generated healthy counterpart of x. Low on normal images means the generator leaves them alone.
 * @param x Float32Array image, display units (e.g. [0, 1])
 * @param xN Float32Array of the same length
 * @param epsilon tolerance in the same units (default 0.02 = 2% of a [0, 1] range)
 */
export function pixelChangeRate(x: Float32Array, xN: Float32Array, epsilon = 0.02): number {
  if (x.length !== xN.length) throw new RangeError(`pixelChangeRate: image has ${x.length} pixels, counterpart ${xN.length}`);
  if (x.length === 0) throw new RangeError('pixelChangeRate: empty image');
  if (!(epsilon >= 0)) throw new RangeError(`pixelChangeRate: bad epsilon ${epsilon}`);
  let c = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] - xN[i]) > epsilon) c++;
  return c / x.length;
}
