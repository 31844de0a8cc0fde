/**
 * Binary framing for protocol messages over byte streams (the web host's WebSocket): JSON for the
 * structure, raw bytes for typed arrays, so pixels cross without base64 or per-element JSON.
 *
 * Frame: u32 LE length of the JSON header | UTF-8 JSON | zero padding to 8 | attachments, each 8-aligned.
 * In the JSON a typed array is `{"$bin": type, "o": offset, "n": byteLength}` (offset from the start of
 * the attachments area). Pure: no Node, no DOM.
 */

declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: { new (): { decode(b: Uint8Array): string } };

const TYPES = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
} as const;
type TypeName = keyof typeof TYPES;
type AnyTyped = InstanceType<(typeof TYPES)[TypeName]>;

interface BinRef { $bin: TypeName | 'ArrayBuffer'; o: number; n: number }

const align8 = (n: number) => (n + 7) & ~7;

function typeNameOf(v: ArrayBufferView): TypeName {
  const name = v.constructor.name as TypeName;
  if (!(name in TYPES)) throw new TypeError(`wire: cannot send ${v.constructor.name}`);
  return name;
}

/** Encodes a message (any JSON-able value whose leaves may be typed arrays or ArrayBuffers). */
export function encodeFrame(message: unknown): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const json = JSON.stringify(message, function (this: unknown, _key, value: unknown) {
    // JSON.stringify calls toJSON-less replacer with the original value via `this[key]` for views.
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer
        ? new Uint8Array(value)
        : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const ref: BinRef = { $bin: value instanceof ArrayBuffer ? 'ArrayBuffer' : typeNameOf(value), o: size, n: bytes.byteLength };
      parts.push(bytes);
      size = align8(size + bytes.byteLength);
      return ref;
    }
    return value;
  });
  const head = new TextEncoder().encode(json);
  const start = align8(4 + head.byteLength);
  const out = new Uint8Array(start + size);
  new DataView(out.buffer).setUint32(0, head.byteLength, true);
  out.set(head, 4);
  let off = start;
  for (const p of parts) {
    out.set(p, off);
    off = align8(off + p.byteLength);
  }
  return out;
}

/** Decodes a frame made by encodeFrame. Typed arrays are views into one fresh copy of the frame. */
export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new RangeError('wire: frame too short');
  // Copy once into an aligned buffer so every typed-array view is aligned.
  const buf = new Uint8Array(frame.byteLength);
  buf.set(frame);
  const headLen = new DataView(buf.buffer).getUint32(0, true);
  if (4 + headLen > buf.byteLength) throw new RangeError('wire: header length exceeds frame');
  const json = new TextDecoder().decode(buf.subarray(4, 4 + headLen));
  const base = align8(4 + headLen);
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as BinRef).$bin === 'string') {
      const ref = value as BinRef;
      const start = base + ref.o;
      if (!Number.isInteger(ref.o) || !Number.isInteger(ref.n) || ref.o < 0 || ref.n < 0 || start + ref.n > buf.byteLength) {
        throw new RangeError('wire: attachment out of range');
      }
      if (ref.$bin === 'ArrayBuffer') return buf.buffer.slice(start, start + ref.n);
      const T = TYPES[ref.$bin];
      if (!T) throw new TypeError(`wire: unknown attachment type ${String(ref.$bin)}`);
      if (ref.n % T.BYTES_PER_ELEMENT !== 0) throw new RangeError('wire: attachment size not a multiple of its element size');
      return new T(buf.buffer, start, ref.n / T.BYTES_PER_ELEMENT) as AnyTyped;
    }
    return value;
  });
}
