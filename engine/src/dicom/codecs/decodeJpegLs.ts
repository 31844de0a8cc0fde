/** JPEG-LS (.80/.81) frames through CharLS (@cornerstonejs/codec-charls). */
import type { CodecOutput } from './codecOutput';
import { widenSamples } from './codecOutput';
import { CHARLS, decodeWithCodec } from './wasmCodec';

export async function decodeJpegLs(encoded: Uint8Array): Promise<CodecOutput> {
  const r = await decodeWithCodec(CHARLS, encoded);
  const { width, height, componentCount, bitsPerSample } = r.info;
  const count = width * height * componentCount;
  // CharLS interleave mode 0 (none) returns the components plane by plane.
  const planar = componentCount > 1 && r.interleaveMode === 0;
  return { samples: widenSamples(r.bytes, bitsPerSample, false, count), width, height, components: componentCount, planar };
}
