/**
 * A minimal Explicit VR Little Endian DICOM writer for building test fixtures at test time
 * (multi-frame, encapsulated, sequences, bare data sets). Test-only; not a general writer.
 */

export type Value = string | number[] | Uint8Array | Uint16Array | Item[] | Fragments;
/** A sequence item: its elements. */
export type Item = Elem[];
export interface Fragments {
  fragments: Uint8Array[];
  /** Basic Offset Table entries, or empty. */
  bot: number[];
}
export interface Elem {
  tag: [number, number];
  vr: string;
  value: Value;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'OD', 'OL', 'UC', 'UR']);

class Bytes {
  parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u16(v: number): void {
    this.push(new Uint8Array([v & 0xff, (v >> 8) & 0xff]));
  }
  u32(v: number): void {
    this.push(new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function padEven(b: Uint8Array, pad: number): Uint8Array {
  if (b.length % 2 === 0) return b;
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  out[b.length] = pad;
  return out;
}

function encodeValue(vr: string, value: Value): Uint8Array {
  if (typeof value === 'string') return padEven(new TextEncoder().encode(value), vr === 'UI' ? 0 : 0x20);
  if (value instanceof Uint8Array) return padEven(value, 0);
  if (value instanceof Uint16Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value) && (value.length === 0 || typeof value[0] === 'number')) {
    const nums = value as number[];
    const size = vr === 'US' || vr === 'SS' ? 2 : 4;
    const out = new Uint8Array(nums.length * size);
    const dv = new DataView(out.buffer);
    nums.forEach((n, i) => {
      if (vr === 'US') dv.setUint16(i * 2, n, true);
      else if (vr === 'SS') dv.setInt16(i * 2, n, true);
      else if (vr === 'UL') dv.setUint32(i * 4, n, true);
      else if (vr === 'SL') dv.setInt32(i * 4, n, true);
      else if (vr === 'FL') dv.setFloat32(i * 4, n, true);
      else throw new Error(`writeDicom: numbers for VR ${vr}`);
    });
    return out;
  }
  throw new Error(`writeDicom: cannot encode ${vr}`);
}

function writeElements(out: Bytes, elems: Elem[]): void {
  const sorted = [...elems].sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
  for (const e of sorted) {
    out.u16(e.tag[0]);
    out.u16(e.tag[1]);
    out.push(new TextEncoder().encode(e.vr));
    const v = e.value;
    if (e.vr === 'SQ') {
      out.u16(0);
      out.u32(0xffffffff);
      for (const item of v as Item[]) {
        out.u16(0xfffe);
        out.u16(0xe000);
        out.u32(0xffffffff);
        writeElements(out, item);
        out.u16(0xfffe);
        out.u16(0xe00d);
        out.u32(0);
      }
      out.u16(0xfffe);
      out.u16(0xe0dd);
      out.u32(0);
      continue;
    }
    if (typeof v === 'object' && v !== null && 'fragments' in v) {
      out.u16(0);
      out.u32(0xffffffff);
      out.u16(0xfffe);
      out.u16(0xe000);
      out.u32(v.bot.length * 4);
      for (const o of v.bot) out.u32(o);
      for (const f of v.fragments) {
        const p = padEven(f, 0);
        out.u16(0xfffe);
        out.u16(0xe000);
        out.u32(p.length);
        out.push(p);
      }
      out.u16(0xfffe);
      out.u16(0xe0dd);
      out.u32(0);
      continue;
    }
    const bytes = encodeValue(e.vr, v);
    if (LONG_VRS.has(e.vr)) {
      out.u16(0);
      out.u32(bytes.length);
    } else {
      out.u16(bytes.length);
    }
    out.push(bytes);
  }
}

export interface WriteOptions {
  transferSyntax?: string;
  /** Write a bare data set: no preamble, no "DICM", no meta header. */
  bare?: boolean;
}

/** Serialises `elems` as a Part 10 file (Explicit VR Little Endian encoding of the data set). */
export function writeDicom(elems: Elem[], opts: WriteOptions = {}): Uint8Array {
  const body = new Bytes();
  writeElements(body, elems);
  if (opts.bare) return body.concat();
  const sopClass = (elems.find((e) => e.tag[0] === 8 && e.tag[1] === 0x16)?.value as string) ?? '1.2.840.10008.5.1.4.1.1.7';
  const sopInst = (elems.find((e) => e.tag[0] === 8 && e.tag[1] === 0x18)?.value as string) ?? '1.2.3.4.5.6.7';
  const meta = new Bytes();
  writeElements(meta, [
    { tag: [2, 1], vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: [2, 2], vr: 'UI', value: sopClass },
    { tag: [2, 3], vr: 'UI', value: sopInst },
    { tag: [2, 0x10], vr: 'UI', value: opts.transferSyntax ?? '1.2.840.10008.1.2.1' },
    { tag: [2, 0x12], vr: 'UI', value: '1.2.826.0.1.3680043.10.1' },
  ]);
  const metaBytes = meta.concat();
  const out = new Bytes();
  out.push(new Uint8Array(128));
  out.push(new TextEncoder().encode('DICM'));
  writeElements(out, [{ tag: [2, 0], vr: 'UL', value: [metaBytes.length] }]);
  out.push(metaBytes);
  out.push(body.concat());
  return out.concat();
}

/** Common image attributes for a grayscale/colour image. */
export function imageElems(o: {
  rows: number;
  columns: number;
  bitsAllocated?: number;
  bitsStored?: number;
  highBit?: number;
  pixelRepresentation?: number;
  photometric?: string;
  samplesPerPixel?: number;
  frames?: number;
  modality?: string;
}): Elem[] {
  const ba = o.bitsAllocated ?? 16;
  const bs = o.bitsStored ?? ba;
  const e: Elem[] = [
    { tag: [0x0008, 0x0016], vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1' },
    { tag: [0x0008, 0x0018], vr: 'UI', value: '1.2.826.0.1.3680043.10.99.1' },
    { tag: [0x0008, 0x0060], vr: 'CS', value: o.modality ?? 'CR' },
    { tag: [0x0010, 0x0010], vr: 'PN', value: 'Test^Patient' },
    { tag: [0x0010, 0x0020], vr: 'LO', value: 'PID-42' },
    { tag: [0x0020, 0x000d], vr: 'UI', value: '1.2.826.0.1.3680043.10.99.2' },
    { tag: [0x0020, 0x000e], vr: 'UI', value: '1.2.826.0.1.3680043.10.99.3' },
    { tag: [0x0028, 0x0002], vr: 'US', value: [o.samplesPerPixel ?? 1] },
    { tag: [0x0028, 0x0004], vr: 'CS', value: o.photometric ?? 'MONOCHROME2' },
    { tag: [0x0028, 0x0010], vr: 'US', value: [o.rows] },
    { tag: [0x0028, 0x0011], vr: 'US', value: [o.columns] },
    { tag: [0x0028, 0x0100], vr: 'US', value: [ba] },
    { tag: [0x0028, 0x0101], vr: 'US', value: [bs] },
    { tag: [0x0028, 0x0102], vr: 'US', value: [o.highBit ?? bs - 1] },
    { tag: [0x0028, 0x0103], vr: 'US', value: [o.pixelRepresentation ?? 0] },
  ];
  if ((o.samplesPerPixel ?? 1) === 3) e.push({ tag: [0x0028, 0x0006], vr: 'US', value: [0] });
  if (o.frames !== undefined) e.push({ tag: [0x0028, 0x0008], vr: 'IS', value: String(o.frames) });
  return e;
}

/** Little-endian 16-bit pixel bytes from numbers (two's complement for negatives). */
export function u16le(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) dv.setUint16(i * 2, values[i]! & 0xffff, true);
  return out;
}
