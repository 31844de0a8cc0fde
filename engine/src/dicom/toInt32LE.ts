/**
 * Frames as one little-endian int32 byte buffer (frames in order), the `decode --out` format and
 * the one expected.json's sha256Int32LE hashes.
 */
export function toInt32LE(frames: Int32Array[]): Uint8Array {
  const total = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(total * 4);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const f of frames) {
    for (let i = 0; i < f.length; i++, o += 4) dv.setInt32(o, f[i]!, true);
  }
  return out;
}
