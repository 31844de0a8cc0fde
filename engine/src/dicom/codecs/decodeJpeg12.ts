/**
 * 12-bit lossy JPEG (DCT Processes 2 & 4 under .51, and the retired spectral-selection .53 and
 * full-progression .55 processes) through the IJG 12-bit library that DCMTK builds, as packaged in
 * WebAssembly by dcmjs-codecs (`NativeCodecs.decodeJpeg` picks the 8-, 12- or 16-bit IJG build from
 * the codestream's sample precision).
 *
 * The module is one shared WebAssembly instance. A codec error is thrown from inside the wasm call
 * stack, which leaves the instance's C stack and heap in an undefined state (later decodes can hang),
 * so after any failure the instance is dropped and a fresh one is created on the next call.
 */
import { createRequire } from 'node:module';
import type { CodecOutput } from './codecOutput';
import { widenSamples } from './codecOutput';

const require = createRequire(import.meta.url);

interface Jpeg12Context {
  getDecodedBuffer(): Uint8Array | undefined;
  getWidth(): number | undefined;
  getHeight(): number | undefined;
  getSamplesPerPixel(): number | undefined;
}

interface DcmjsCodecs {
  Context: new (attrs: {
    width: number;
    height: number;
    bitsAllocated: number;
    bitsStored: number;
    samplesPerPixel: number;
    pixelRepresentation: number;
    planarConfiguration: number;
    photometricInterpretation: string;
    encodedBuffer: Uint8Array;
  }) => Jpeg12Context;
  NativeCodecs: {
    initializeAsync(opts: { webAssemblyModulePathOrUrl?: string; logCodecsInfo?: boolean; logCodecsTrace?: boolean }): Promise<void>;
    isInitialized(): boolean;
    release(): void;
    decodeJpeg(ctx: Jpeg12Context, params?: { convertColorspaceToRgb?: boolean }): Jpeg12Context;
  };
}

let lib: DcmjsCodecs | undefined;
let ready: Promise<DcmjsCodecs> | undefined;

function load(): Promise<DcmjsCodecs> {
  if (!ready) {
    const p = (async () => {
      lib ??= require('dcmjs-codecs') as DcmjsCodecs;
      // Located through the package (not __dirname of a bundle), so it works from sources and bundles.
      const wasm = require.resolve('dcmjs-codecs/build/dcmjs-native-codecs.wasm');
      await lib.NativeCodecs.initializeAsync({ webAssemblyModulePathOrUrl: wasm, logCodecsInfo: false, logCodecsTrace: false });
      return lib;
    })();
    p.catch(() => {
      if (ready === p) ready = undefined;
    });
    ready = p;
  }
  return ready;
}

/** Drops the shared instance so that the next decode starts from a fresh one. */
function reset(): void {
  ready = undefined;
  try {
    lib?.NativeCodecs.release();
  } catch {
    /* nothing to release */
  }
}

/**
 * Smallest byte count a Huffman-coded DCT codestream for a width x height frame can have: each 8x8
 * block of a component costs at least one bit in that component's DC scan, and a component sampled
 * at the smallest allowed factor (1 of a maximum 4, both ways) still has width*height/1024 blocks, so
 * a frame needs at least width*height/8192 bytes. A shorter frame is damaged (the IJG decoder would
 * fill the missing blocks with grey); refusing it keeps a few garbage bytes from making the codec
 * allocate and decode a huge frame.
 */
export function minJpegBytes(width: number, height: number): number {
  return Math.floor((width * height) / 8192);
}

export interface Jpeg12Options {
  /** Image size and component count from the (already checked) frame header. */
  width: number;
  height: number;
  components: 1 | 3;
  /** Sample precision of the frame header (12 here; 8 would also decode). */
  precision: number;
  /** Ask the codec to convert YCbCr to RGB (three-component YBR_FULL / YBR_FULL_422 data). */
  ycbcrToRgb: boolean;
}

/**
 * Decodes one 12-bit lossy JPEG frame to unsigned samples (the codestream's raw values; the caller
 * applies Bits Stored / Pixel Representation). Colour comes back pixel-interleaved.
 * Throws (RangeError / Error) on a damaged codestream; the caller turns that into a typed error.
 */
export async function decodeJpeg12(encoded: Uint8Array, opts: Jpeg12Options): Promise<CodecOutput> {
  const { width, height, components, precision } = opts;
  if (!(width > 0 && height > 0 && (components === 1 || components === 3))) {
    throw new RangeError(`decodeJpeg12: bad geometry ${width}x${height}x${components}`);
  }
  if (precision < 2 || precision > 16) throw new RangeError(`decodeJpeg12: sample precision ${precision}`);
  if (encoded.length < minJpegBytes(width, height)) {
    throw new RangeError(`${encoded.length} bytes cannot hold a ${width}x${height} JPEG frame (at least ${minJpegBytes(width, height)} expected)`);
  }
  let codecs = await load();
  // Another decode may have failed (and dropped the instance) while this one waited.
  while (!codecs.NativeCodecs.isInitialized()) codecs = await load();
  const count = width * height * components;
  let bytes: Uint8Array;
  let got: { w: number; h: number; c: number };
  try {
    const ctx = new codecs.Context({
      width,
      height,
      bitsAllocated: precision > 8 ? 16 : 8,
      bitsStored: precision,
      samplesPerPixel: components,
      // JPEG samples are unsigned; two's complement data is restored from Bits Stored by the caller.
      pixelRepresentation: 0,
      planarConfiguration: 0,
      photometricInterpretation: components === 1 ? 'MONOCHROME2' : opts.ycbcrToRgb ? 'YBR_FULL' : 'RGB',
      encodedBuffer: encoded,
    });
    const out = codecs.NativeCodecs.decodeJpeg(ctx, { convertColorspaceToRgb: components === 3 && opts.ycbcrToRgb });
    bytes = out.getDecodedBuffer() ?? new Uint8Array(0);
    got = { w: out.getWidth() ?? 0, h: out.getHeight() ?? 0, c: out.getSamplesPerPixel() ?? 0 };
  } catch (e) {
    reset();
    throw e;
  }
  if (got.w !== width || got.h !== height || got.c !== components) {
    throw new RangeError(`the codec decoded ${got.w}x${got.h}x${got.c}, the frame header says ${width}x${height}x${components}`);
  }
  return { samples: widenSamples(bytes, precision > 8 ? 16 : 8, false, count), width, height, components, planar: false };
}
