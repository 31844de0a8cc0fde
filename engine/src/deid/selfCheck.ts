/**
 * The de-identification self-check: compares exact values, never substrings. From each source data set it
 * collects the values of every attribute de-identification removes, empties, replaces or remaps (Table E.1-1
 * plus STRICTER_REMOVALS, at every nesting depth), every person name and every non-standard UID. Each exported
 * file is then read back and every value in it (strings, numbers, short binary values read as text, at every
 * depth) is compared with those values. A match is a leak, except where the profile itself keeps that
 * attribute (a known dictionary attribute with no action) and the source held the same value in it: an
 * InstitutionName "TOSHIBA" is removed, a kept Manufacturer "TOSHIBA_MEC" is not a leak of it, and neither is a
 * kept Manufacturer "TOSHIBA" carried over from the source. Non-DICOM outputs (CSV, JSON) are checked cell by
 * cell and string by string.
 */
import { dcmjs, type DcmDict } from '../dicom/dcmjs';
import { deidAction } from './deidentifyDicomDict';
import { UidRemapper } from './uidRemapper';

/** Values shorter than this are not compared across attributes (a sex "M" or a count "1" identifies nobody). */
export const MIN_NEEDLE_LENGTH = 4;
/** Binary values up to this many bytes are also read as text (an identifier hidden in a UN element). */
const MAX_BINARY_AS_TEXT = 256;

export interface LeakSources {
  /** value -> the source attributes ("(GGGG,EEEE) Name") it came from. */
  needles: Map<string, Set<string>>;
  /** "TAG|value" pairs the profile keeps as they were in the source. */
  keptAsIs: Set<string>;
}

export function newLeakSources(): LeakSources {
  return { needles: new Map(), keptAsIs: new Set() };
}

function label(tag: string): string {
  const key = `(${tag.slice(0, 4)},${tag.slice(4)})`;
  const name = dcmjs.data.DicomMetaDictionary.dictionary[key]?.name;
  return name ? `${key} ${name}` : `${key} (not in the dictionary)`;
}

function isKnown(tag: string): boolean {
  return dcmjs.data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`] !== undefined;
}

/** The comparable text values of one element's value list. */
function textValues(vr: string, values: unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      const b = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (b.byteLength <= MAX_BINARY_AS_TEXT) out.push(Buffer.from(b).toString('latin1'));
    } else if (vr === 'PN' && typeof v === 'object') {
      for (const part of Object.values(v as Record<string, unknown>)) if (typeof part === 'string') out.push(part);
    }
  }
  return out.flatMap((s) => s.split('\\')).map((s) => s.replace(/[\0 ]+$/g, '').trim()).filter((s) => s !== '');
}

/** Collects the identifying and the kept values of a source data set (dcmjs dict), recursively. */
export function collectLeakSources(dict: DcmDict, into: LeakSources): void {
  for (const [tag, el] of Object.entries(dict)) {
    if (el.vr === 'SQ') {
      for (const item of (el.Value ?? []) as DcmDict[]) if (item && typeof item === 'object') collectLeakSources(item, into);
      continue;
    }
    const action = deidAction(tag);
    const values = textValues(el.vr, el.Value);
    const identifying =
      action !== undefined || el.vr === 'PN' || (el.vr === 'UI' && values.some((v) => !UidRemapper.isStandardUid(v)));
    for (const v of values) {
      if (identifying) {
        if (v.length < MIN_NEEDLE_LENGTH && el.vr !== 'UI') continue;
        let s = into.needles.get(v);
        if (!s) into.needles.set(v, (s = new Set()));
        s.add(label(tag));
      } else if (isKnown(tag)) {
        into.keptAsIs.add(`${tag}|${v}`);
      }
    }
  }
}

/** Leaks in an exported DICOM data set (dcmjs dict): "file: (tag) holds the value of source (tag)". */
export function findDicomLeaks(dict: DcmDict, src: LeakSources, file: string, out: string[] = []): string[] {
  for (const [tag, el] of Object.entries(dict)) {
    if (el.vr === 'SQ') {
      for (const item of (el.Value ?? []) as DcmDict[]) if (item && typeof item === 'object') findDicomLeaks(item, src, file, out);
      continue;
    }
    for (const v of textValues(el.vr, el.Value)) {
      const from = src.needles.get(v);
      if (!from) continue;
      if (deidAction(tag) === undefined && el.vr !== 'PN' && src.keptAsIs.has(`${tag}|${v}`)) continue;
      out.push(`${file}: ${label(tag)} holds the value of source ${[...from].join(', ')} (${v.length} characters)`);
    }
  }
  return out;
}

/** Leaks in a CSV or JSON output: a cell or string equal to an identifying value. */
export function findTextLeaks(text: string, kind: 'csv' | 'json', src: LeakSources, file: string): string[] {
  const tokens: string[] = [];
  if (kind === 'json') {
    const walk = (v: unknown): void => {
      if (typeof v === 'string' || typeof v === 'number') tokens.push(String(v));
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { tokens.push(k); walk(x); }
    };
    walk(JSON.parse(text));
  } else {
    for (const line of text.split(/\r?\n/)) for (const cell of line.split(',')) tokens.push(cell.replace(/^"|"$/g, '').replace(/""/g, '"'));
  }
  const out: string[] = [];
  for (const t of tokens) {
    const from = src.needles.get(t.trim());
    if (from) out.push(`${file}: holds the value of source ${[...from].join(', ')} (${t.trim().length} characters)`);
  }
  return out;
}
