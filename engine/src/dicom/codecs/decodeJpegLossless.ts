/** JPEG Lossless Process 14 (.57/.70) frames through jpeg-lossless-decoder-js. */
import { createRequire } from 'node:module';
import type { CodecOutput } from './codecOutput';

const require = createRequire(import.meta.url);

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  xDim: number;
  yDim: number;
  numComp: number;
}

let DecoderClass: (new () => LosslessDecoder) | undefined;

/**
 * jpeg-lossless-decoder-js 2.1 loses the last pixel when the EOI marker falls inside its bit
 * look-ahead for that pixel's Huffman code. Four zero bytes between the entropy-coded data and EOI
 * (bits after the last pixel, which every decoder ignores) keep the marker out of that look-ahead.
 */
function padBeforeEoi(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 2 && b[end - 1] === 0) end--; // DICOM pads odd-length fragments with a zero byte
  if (end < 4 || b[end - 2] !== 0xff || b[end - 1] !== 0xd9) return b;
  const out = new Uint8Array(end + 4);
  out.set(b.subarray(0, end - 2), 0);
  out[end + 2] = 0xff;
  out[end + 3] = 0xd9;
  return out;
}

/** `bytesPerSample`: 1 for 8-bit data, 2 for up to 16 bits. */
export function decodeJpegLossless(encoded: Uint8Array, bytesPerSample: 1 | 2): CodecOutput {
  DecoderClass ??= (require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder }).Decoder;
  const dec = new DecoderClass();
  const padded = padBeforeEoi(encoded);
  const out = dec.decode(padded.buffer as ArrayBuffer, padded.byteOffset, padded.byteLength, bytesPerSample);
  const count = dec.xDim * dec.yDim * dec.numComp;
  if (!out || out.length < count) throw new RangeError(`decoder returned ${out?.length ?? 0} samples, expected ${count}`);
  const samples = new Int32Array(count);
  for (let i = 0; i < count; i++) samples[i] = out[i]!;
  return { samples, width: dec.xDim, height: dec.yDim, components: dec.numComp, planar: false };
}
