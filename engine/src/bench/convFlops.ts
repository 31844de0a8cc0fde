/**
 * Multiply-add FLOPs (2 per multiply-accumulate) of the convolution kernels of a TF.js kernel profile,
 * counted from their shapes: the useful arithmetic, whatever a kernel does internally (our wasm input
 * gradient convolves a zero-dilated dy, which costs more than this count for strided layers).
 */
export interface ProfiledKernel {
  name: string;
  inputShapes: number[][];
  outputShapes: number[][];
}

const prod = (s: number[] | undefined): number => (s ?? []).reduce((a, b) => a * b, 1);

/** FLOPs of one kernel call, 0 for kernels that are not convolutions or matrix products. */
export function kernelFlops(k: ProfiledKernel): number {
  const [a, b] = k.inputShapes;
  const out = k.outputShapes[0];
  switch (k.name) {
    case 'Conv2D':
    case 'FusedConv2D': // x [N,H,W,Ci], filter [kh,kw,Ci,Co], out [N,Ho,Wo,Co]
      return 2 * prod(out) * (b?.[0] ?? 0) * (b?.[1] ?? 0) * (b?.[2] ?? 0);
    case 'Conv2DBackpropInput': // dy [N,Ho,Wo,Co], filter [kh,kw,Ci,Co], out dx
      return 2 * prod(a) * (b?.[0] ?? 0) * (b?.[1] ?? 0) * (b?.[2] ?? 0);
    case 'Conv2DBackpropFilter': // x, dy [N,Ho,Wo,Co], out filter [kh,kw,Ci,Co]
      return 2 * prod(b) * (out?.[0] ?? 0) * (out?.[1] ?? 0) * (out?.[2] ?? 0);
    case 'BatchMatMul':
    case '_FusedMatMul': { // [B,M,K] x [B,K,N] (transposes do not change the count)
      const k2 = a?.[a.length - 1] === b?.[b.length - 2] || a?.[a.length - 1] === b?.[b.length - 1] ? a?.[a.length - 1] ?? 0 : a?.[a.length - 2] ?? 0;
      return 2 * prod(out) * k2;
    }
    default:
      return 0;
  }
}
