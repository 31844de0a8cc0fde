/** JPEG 2000 (.90/.91) frames through OpenJPEG (@cornerstonejs/codec-openjpeg). */
import type { CodecOutput } from './codecOutput';
import { widenSamples } from './codecOutput';
import { decodeWithCodec, OPENJPEG } from './wasmCodec';

export async function decodeJpeg2000(encoded: Uint8Array): Promise<CodecOutput> {
  const r = await decodeWithCodec(OPENJPEG, encoded);
  const { width, height, componentCount, bitsPerSample, isSigned } = r.info;
  const count = width * height * componentCount;
  return { samples: widenSamples(r.bytes, bitsPerSample, !!isSigned, count), width, height, components: componentCount, planar: false };
}
