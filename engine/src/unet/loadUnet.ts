import { EngineError } from '../errors';
import { restoreWeights } from '../model/checkpoint';
import { buildLungUnet, type LungUnet } from './buildLungUnet';

/**
 * A trained one-channel U-Net from its folder (the lung model, the lesion segmenter): the network with the
 * folder's weights, and a guard that throws MODEL naming the folder once dispose() was called.
 */
export function loadUnet(dir: string, metadata: Parameters<typeof restoreWeights>[1] & { arch: { base: number; levels: number } }, what: string): { net: LungUnet; check(): void; dispose(): void } {
  const net = buildLungUnet({ base: metadata.arch.base, levels: metadata.arch.levels, seed: 0 });
  try {
    restoreWeights(dir, metadata, [net.params]);
  } catch (e) {
    net.dispose();
    throw e;
  }
  let disposed = false;
  return {
    net,
    check() {
      if (disposed) throw new EngineError('MODEL', `${what} used after dispose()`, dir);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      net.dispose();
    },
  };
}
