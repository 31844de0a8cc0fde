/** Test-only: encodes pixels with the @cornerstonejs wasm encoders (openjpeg, openjph, charls). */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface EncodeFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
  isUsingColorTransform?: boolean;
}

interface Encoder {
  getDecodedBuffer(info: EncodeFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setInterleaveMode?(mode: number): void;
  setQuality?(lossless: boolean, quantizationStep: number): void;
  delete(): void;
}

const PKGS = {
  j2k: ['@cornerstonejs/codec-openjpeg/wasmjs', 'J2KEncoder'],
  htj2k: ['@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KEncoder'],
  jpegls: ['@cornerstonejs/codec-charls/wasmjs', 'JpegLSEncoder'],
} as const;

const modules = new Map<string, Promise<Record<string, new () => Encoder>>>();

/**
 * Encodes one frame losslessly. `pixels`: 8-bit samples as bytes, 16-bit as little-endian byte pairs,
 * colour interleaved. `interleaveMode` (JPEG-LS only): 0 = planar, 2 = sample-interleaved.
 */
export async function encodeFrame(kind: keyof typeof PKGS, pixels: Uint8Array, info: EncodeFrameInfo, interleaveMode?: number): Promise<Uint8Array> {
  const [pkg, cls] = PKGS[kind];
  let m = modules.get(pkg);
  if (!m) {
    m = (require(pkg) as (o: object) => Promise<Record<string, new () => Encoder>>)({ print: () => {}, printErr: () => {} });
    modules.set(pkg, m);
  }
  const enc = new (await m)[cls]!();
  try {
    if (interleaveMode !== undefined) enc.setInterleaveMode!(interleaveMode);
    const full = kind === 'jpegls' ? info : { isSigned: false, isUsingColorTransform: false, ...info };
    enc.getDecodedBuffer(full).set(pixels);
    enc.encode();
    return enc.getEncodedBuffer().slice();
  } finally {
    enc.delete();
  }
}
