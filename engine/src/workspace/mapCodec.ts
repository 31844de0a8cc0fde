/**
 * Compressed disease-map blobs for the store (the UI re-thresholds the map live, so it is kept):
 * "TGF1", u32 LE width, u32 LE height, then the map as IEEE half floats (LE) deflated.
 * Half precision keeps ~3 significant digits, plenty for thresholding a map in [-1, 1].
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { EngineError } from '../errors';
import { fromHalfBits, toHalfBits } from './float16';

const MAGIC = 0x31464754; // "TGF1"

export interface DiseaseMap {
  width: number;
  height: number;
  /** Row-major, length width*height. */
  data: Float32Array;
}

/** Map -> compressed blob. */
export function encodeMap(map: DiseaseMap): Buffer {
  const { width, height, data } = map;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || data.length !== width * height) {
    throw new RangeError(`disease map: bad size ${width}x${height} for ${data?.length} values`);
  }
  const halves = Buffer.alloc(data.length * 2);
  for (let i = 0; i < data.length; i++) halves.writeUInt16LE(toHalfBits(data[i]!), i * 2);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(width, 4);
  header.writeUInt32LE(height, 8);
  return Buffer.concat([header, deflateRawSync(halves, { level: 6 })]);
}

/** Compressed blob -> map (Float32Array, values rounded to half precision). */
export function decodeMap(blob: Uint8Array): DiseaseMap {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new EngineError('CORRUPT', 'stored disease map has no TGF1 header');
  const width = buf.readUInt32LE(4);
  const height = buf.readUInt32LE(8);
  let halves: Buffer;
  try {
    halves = inflateRawSync(buf.subarray(12));
  } catch (e) {
    throw new EngineError('CORRUPT', `stored disease map does not inflate: ${(e as Error).message}`);
  }
  if (halves.length !== width * height * 2) throw new EngineError('CORRUPT', `stored disease map holds ${halves.length} bytes for ${width}x${height}`);
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = fromHalfBits(halves.readUInt16LE(i * 2));
  return { width, height, data };
}
