import type { Prng } from './prng';

/**
 * Smooth value noise: random values on a grid every `cell` pixels, interpolated with a smoothstep
 * weighting. Deterministic for a given PRNG state.
 * @returns Float32Array width*height, values in [-1, 1]
 */
export function valueNoise(rand: Prng, width: number, height: number, cell: number): Float32Array {
  if (!(cell > 0)) throw new RangeError(`valueNoise: bad cell ${cell}`);
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rand.next() * 2 - 1;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    let fy = gy - y0;
    fy = fy * fy * (3 - 2 * fy);
    for (let x = 0; x < width; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      let fx = gx - x0;
      fx = fx * fx * (3 - 2 * fx);
      const i = y0 * gw + x0;
      const a = grid[i] + (grid[i + 1] - grid[i]) * fx;
      const b = grid[i + gw] + (grid[i + gw + 1] - grid[i + gw]) * fx;
      out[y * width + x] = a + (b - a) * fy;
    }
  }
  return out;
}
