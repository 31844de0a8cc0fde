/**
 * Reads DICOM bytes with dcmjs so that text is decoded by the file's Specific Character Set (0008,0005),
 * ISO 2022 code extensions included (dcmjs 0.51 refuses multi-valued character sets and decodes only the
 * first). Each (0008,0005) (top level and in sequence items) is blanked in a copy of the bytes, so dcmjs
 * reads all text as ISO 8859-1/windows-1252, which maps every byte to one character; every text value is
 * then turned back into its bytes and decoded with decodeDicomText by the character set in force where it
 * stands (an item's own (0008,0005), else its parent's). dcmjs writes the result as UTF-8 (ISO_IR 192).
 * A deflated data set is read by dcmjs as it is (its charset elements sit inside the compressed stream).
 */
import type { DataSet } from 'dicom-parser';
import { decodeDicomText, parseSpecificCharacterSet } from '../dicom/charset/decodeDicomText';
import type { DicomDataset } from '../dicom/readDicom';
import { dcmjs, toArrayBuffer, type DcmDicomDict, type DcmDict } from '../dicom/dcmjs';

const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);
const DEFLATED = '1.2.840.10008.1.2.1.99';

/** windows-1252 character -> byte (the inverse of dcmjs's default decoder). */
const CP1252: Map<string, number> = (() => {
  const m = new Map<string, number>();
  const all = new TextDecoder('iso-8859-1').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  for (let i = 0; i < 256; i++) m.set(all[i]!, i);
  return m;
})();

function toBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = CP1252.get(s[i]!) ?? 0x3f;
  return out;
}

/** Every (0008,0005) element in the data set tree: where its value sits in the bytes. */
function charsetElements(ds: DataSet, out: { dataOffset: number; length: number }[] = []): { dataOffset: number; length: number }[] {
  for (const [key, el] of Object.entries(ds.elements)) {
    if (key === 'x00080005') out.push({ dataOffset: el.dataOffset, length: el.length });
    for (const item of el.items ?? []) if (item.dataSet) charsetElements(item.dataSet, out);
  }
  return out;
}

function personName(raw: string): { Alphabetic?: string; Ideographic?: string; Phonetic?: string } {
  const [a, i, p] = raw.split('=');
  const pn: { Alphabetic?: string; Ideographic?: string; Phonetic?: string } = {};
  if (a) pn.Alphabetic = a;
  if (i) pn.Ideographic = i;
  if (p) pn.Phonetic = p;
  return pn;
}

function redecode(dict: DcmDict, ds: DataSet | undefined, inherited: string[]): void {
  const own = ds?.elements.x00080005 ? ds.string('x00080005') : undefined;
  const terms = own !== undefined ? parseSpecificCharacterSet(own) : inherited;
  for (const [tag, el] of Object.entries(dict)) {
    if (el.vr === 'SQ') {
      const items = ds?.elements[`x${tag.toLowerCase()}`]?.items ?? [];
      ((el.Value ?? []) as DcmDict[]).forEach((item, k) => {
        if (item && typeof item === 'object') redecode(item, items[k]?.dataSet, terms);
      });
      continue;
    }
    if (!TEXT_VRS.has(el.vr)) continue;
    const e = el as { Value?: unknown[]; _rawValue?: unknown };
    if (el.vr === 'PN') {
      const raw = typeof e._rawValue === 'string' ? e._rawValue : Array.isArray(e._rawValue) ? e._rawValue.join('\\') : undefined;
      if (raw === undefined) continue;
      const text = decodeDicomText(toBytes(raw), terms).replace(/[\0 ]+$/, '');
      e.Value = text === '' ? [] : text.split('\\').map(personName);
    } else {
      e.Value = (e.Value ?? []).map((v) => (typeof v === 'string' ? decodeDicomText(toBytes(v), terms) : v));
    }
    delete e._rawValue;
  }
}

/** dcmjs's DicomDict of `buf` (already parsed by readDicom as `d`), text decoded by its character sets. */
export function readDcmjsText(buf: Uint8Array, d: DicomDataset): DcmDicomDict {
  const marks = d.transferSyntaxUid === DEFLATED ? [] : charsetElements(d.dataSet);
  if (marks.length === 0) return dcmjs.data.DicomMessage.readFile(toArrayBuffer(buf));
  const copy = Uint8Array.from(buf);
  for (const m of marks) copy.fill(0x20, m.dataOffset, m.dataOffset + m.length);
  const dd = dcmjs.data.DicomMessage.readFile(toArrayBuffer(copy));
  redecode(dd.dict, d.dataSet, []);
  dd.dict['00080005'] = { vr: 'CS', Value: ['ISO_IR 192'] };
  return dd;
}
