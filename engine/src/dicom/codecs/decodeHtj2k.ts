/** High-Throughput JPEG 2000 (.201-.203) frames through OpenJPH (@cornerstonejs/codec-openjph). */
import type { CodecOutput } from './codecOutput';
import { widenSamples } from './codecOutput';
import { decodeWithCodec, OPENJPH } from './wasmCodec';

export async function decodeHtj2k(encoded: Uint8Array): Promise<CodecOutput> {
  const r = await decodeWithCodec(OPENJPH, encoded);
  const { width, height, componentCount, bitsPerSample, isSigned } = r.info;
  const count = width * height * componentCount;
  return { samples: widenSamples(r.bytes, bitsPerSample, !!isSigned, count), width, height, components: componentCount, planar: false };
}
