/**
 * Compressed mask blobs for the store: "TGM1", u32 LE width, u32 LE height, then the mask bit-packed
 * (pixel i -> byte i>>3, bit i&7, LSB first, row-major) and deflated (zlib raw deflate).
 * A 1955x1841 mask with a few blobs compresses to a few hundred bytes.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { EngineError } from '../errors';
import { assertBinaryMask, type BinaryMask } from '../../mask/binaryMask';

const MAGIC = 0x314d4754; // "TGM1" little-endian

/** Packs a mask to 1 bit per pixel, LSB first (the DICOM BINARY SEG bit order). Length ceil(n/8). */
export function packBits(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((data.length + 7) >> 3);
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** Unpacks `n` pixels (0/1) from LSB-first packed bits starting at bit `bitOffset`. */
export function unpackBits(bits: Uint8Array, n: number, bitOffset = 0): Uint8Array {
  if (bits.length * 8 < bitOffset + n) throw new RangeError(`unpackBits: ${bits.length} bytes hold fewer than ${bitOffset + n} bits`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = bitOffset + i;
    out[i] = (bits[b >> 3]! >> (b & 7)) & 1;
  }
  return out;
}

/** Mask -> compressed blob. */
export function encodeMask(mask: BinaryMask): Buffer {
  assertBinaryMask(mask);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(mask.width, 4);
  header.writeUInt32LE(mask.height, 8);
  return Buffer.concat([header, deflateRawSync(packBits(mask.data))]);
}

/** Compressed blob -> mask (values 0/1). Throws CORRUPT for anything that is not such a blob. */
export function decodeMask(blob: Uint8Array): BinaryMask {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new EngineError('CORRUPT', 'stored mask blob has no TGM1 header');
  const width = buf.readUInt32LE(4);
  const height = buf.readUInt32LE(8);
  let bits: Buffer;
  try {
    bits = inflateRawSync(buf.subarray(12));
  } catch (e) {
    throw new EngineError('CORRUPT', `stored mask blob does not inflate: ${(e as Error).message}`);
  }
  const n = width * height;
  if (bits.length !== (n + 7) >> 3) throw new EngineError('CORRUPT', `stored mask blob holds ${bits.length} bytes for ${width}x${height}`);
  return { width, height, data: unpackBits(bits, n) };
}
