/**
 * Lazy, once-only loading of the @cornerstonejs Emscripten codec modules in Node. Each module is a
 * CommonJS factory; its .wasm is located by resolving the package's own export path, so the codecs
 * work from the TypeScript sources and from a bundle alike. A module that aborted (Emscripten
 * aborts leave the instance unusable) is dropped and re-created on the next call.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The embind decoder classes the cornerstone codec builds expose (subset used here). */
export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  readHeader?(): void;
  getFrameInfo(): WasmFrameInfo;
  getInterleaveMode?(): number;
  getNearLossless?(): number;
  delete(): void;
}

export type WasmModule = Record<string, new () => WasmDecoder>;

export interface CodecSpec {
  /** Package name, e.g. "@cornerstonejs/codec-openjpeg". */
  pkg: string;
  /** Package export of the Emscripten JS factory, e.g. "/decodewasmjs". */
  js: string;
  /** Package export of the wasm binary, e.g. "/decodewasm". */
  wasm: string;
  /** The decoder class name in the module. */
  decoderClass: string;
}

const loaded = new Map<string, Promise<WasmModule>>();

/** Returns the codec module, initialising it on first use. */
export function loadCodec(spec: CodecSpec): Promise<WasmModule> {
  let p = loaded.get(spec.pkg);
  if (!p) {
    p = (async () => {
      const factory = require(`${spec.pkg}${spec.js}`) as (opts: object) => Promise<WasmModule>;
      const wasmPath = require.resolve(`${spec.pkg}${spec.wasm}`);
      const mod = await factory({
        locateFile: (f: string) => (f.endsWith('.wasm') ? wasmPath : f),
        print: () => {},
        printErr: () => {},
      });
      if (typeof mod[spec.decoderClass] !== 'function') throw new Error(`${spec.pkg} has no ${spec.decoderClass}`);
      return mod;
    })();
    p.catch(() => loaded.delete(spec.pkg));
    loaded.set(spec.pkg, p);
  }
  return p;
}

/** Forgets a codec instance (after an abort), so the next call loads a fresh one. */
export function resetCodec(spec: CodecSpec): void {
  loaded.delete(spec.pkg);
}

export interface WasmDecoded {
  /** A copy of the decoded bytes (owned by JS, not the wasm heap). */
  bytes: Uint8Array;
  info: WasmFrameInfo;
  interleaveMode?: number;
}

/**
 * Decodes one encoded frame with a fresh decoder instance (deleted afterwards). Any failure in the
 * codec is rethrown as-is for the caller to type; after a failure the module is reset.
 */
export async function decodeWithCodec(spec: CodecSpec, encoded: Uint8Array): Promise<WasmDecoded> {
  const mod = await loadCodec(spec);
  let decoder: WasmDecoder | undefined;
  try {
    decoder = new mod[spec.decoderClass]!();
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = { ...decoder.getFrameInfo() };
    const out = decoder.getDecodedBuffer();
    const result: WasmDecoded = { bytes: out.slice(), info };
    if (decoder.getInterleaveMode) result.interleaveMode = decoder.getInterleaveMode();
    return result;
  } catch (e) {
    resetCodec(spec);
    throw e;
  } finally {
    try {
      decoder?.delete();
    } catch {
      /* the instance may already be gone after an abort */
    }
  }
}

export const OPENJPEG: CodecSpec = { pkg: '@cornerstonejs/codec-openjpeg', js: '/decodewasmjs', wasm: '/decodewasm', decoderClass: 'J2KDecoder' };
export const OPENJPH: CodecSpec = { pkg: '@cornerstonejs/codec-openjph', js: '/wasmjs', wasm: '/wasm', decoderClass: 'HTJ2KDecoder' };
export const CHARLS: CodecSpec = { pkg: '@cornerstonejs/codec-charls', js: '/decodewasmjs', wasm: '/decodewasm', decoderClass: 'JpegLSDecoder' };
export const LIBJPEG_TURBO: CodecSpec = {
  pkg: '@cornerstonejs/codec-libjpeg-turbo-8bit',
  js: '/decodewasmjs',
  wasm: '/decodewasm',
  decoderClass: 'JPEGDecoder',
};
