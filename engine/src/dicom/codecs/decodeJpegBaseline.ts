/**
 * 8-bit lossy JPEG (baseline, and 8-bit extended/progressive) through libjpeg-turbo
 * (@cornerstonejs/codec-libjpeg-turbo-8bit). Three-component images come back as RGB (libjpeg's
 * YCbCr -> RGB conversion), which is what the DICOM YBR_FULL(_422) JPEG photometrics mean.
 */
import type { CodecOutput } from './codecOutput';
import { widenSamples } from './codecOutput';
import { decodeWithCodec, LIBJPEG_TURBO } from './wasmCodec';

export async function decodeJpegBaseline(encoded: Uint8Array): Promise<CodecOutput> {
  const r = await decodeWithCodec(LIBJPEG_TURBO, encoded);
  const { width, height, componentCount } = r.info;
  const count = width * height * componentCount;
  return { samples: widenSamples(r.bytes, 8, false, count), width, height, components: componentCount, planar: false };
}
