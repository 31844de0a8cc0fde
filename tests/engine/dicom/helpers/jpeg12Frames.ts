/** Test helpers for 12-bit lossy JPEG: codestreams taken from conformance files, damaged, re-wrapped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encapsulatedFrames } from '../../../../engine/src/dicom/encapsulatedFrames';
import { readDicom } from '../../../../engine/src/dicom/readDicom';
import { indexOf } from './mutations';
import { imageElems, writeDicom } from './writeDicom';

export const TS_JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';

/** The first frame's JPEG codestream of `dir/name`, as a plain copy (a Buffer's slice() is a view). */
export function firstFrame(dir: string, name: string): Uint8Array {
  const d = readDicom(new Uint8Array(readFileSync(join(dir, name))), name);
  return new Uint8Array(encapsulatedFrames(d.dataSet.byteArray, d.dataSet.elements.x7fe00010!, 1, name)[0]!);
}

/** A .51 file (12 of 16 bits, MONOCHROME2) around one codestream. */
export function wrap51(codestream: Uint8Array, rows: number, columns: number, bitsAllocated = 16): Uint8Array {
  return writeDicom(
    [...imageElems({ rows, columns, bitsAllocated, bitsStored: Math.min(12, bitsAllocated) }), { tag: [0x7fe0, 0x0010], vr: 'OB', value: { fragments: [codestream], bot: [] } }],
    { transferSyntax: TS_JPEG_EXTENDED },
  );
}

/** Offset of the first marker FF`m` in a codestream; throws when there is none. */
export function markerAt(b: Uint8Array, m: number): number {
  const i = indexOf(b, [0xff, m]);
  if (i < 0) throw new Error(`no FF${m.toString(16)} marker`);
  return i;
}

/** A copy whose first Huffman table has all 16 code counts at 255: IJG stops ("Bogus Huffman table"). */
export function bogusHuffman(good: Uint8Array): Uint8Array {
  const b = good.slice();
  const dht = markerAt(b, 0xc4);
  b.fill(0xff, dht + 5, dht + 21);
  return b;
}
