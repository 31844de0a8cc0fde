/**
 * Decodes a DICOM text value (SH, LO, ST, LT, PN, UC, UT) by its Specific Character Set (0008,0005), including
 * ISO 2022 code extensions (PS3.5 6.1.2.5 / PS3.3 C.12.1.1.2): escape sequences switch G0 (7-bit) and G1
 * (8-bit) between ASCII, JIS X 0201 (IR 13/14), JIS X 0208 (IR 87), JIS X 0212 (IR 159), KS X 1001 (IR 149),
 * GB 2312 (IR 58) and the ISO 8859 parts; without code extensions a single decoder applies (UTF-8, GB18030,
 * GBK, ISO 8859-x). Uses the WHATWG decoders of TextDecoder (full ICU in Node and Electron).
 */

type Set7 = 'ascii' | 'jis-roman' | 'jis0208' | 'jis0212';

interface Term {
  /** Escape sequence designating this set (ISO 2022 terms). */
  esc?: string;
  g0?: Set7;
  /** TextDecoder label for bytes with the high bit set (G1). */
  g1?: string;
  /** Without code extensions: the decoder for the whole value. */
  whole?: string;
}

const ISO8859: Record<string, [string, string]> = {
  '100': ['iso-8859-1', '\x1b-A'],
  '101': ['iso-8859-2', '\x1b-B'],
  '109': ['iso-8859-3', '\x1b-C'],
  '110': ['iso-8859-4', '\x1b-D'],
  '144': ['iso-8859-5', '\x1b-L'],
  '127': ['iso-8859-6', '\x1b-G'],
  '126': ['iso-8859-7', '\x1b-F'],
  '138': ['iso-8859-8', '\x1b-H'],
  '148': ['iso-8859-9', '\x1b-M'],
  '203': ['iso-8859-15', '\x1b-b'],
  '166': ['windows-874', '\x1b-T'],
};

/** The character set a defined term names, or undefined for an unknown term. */
function term(raw: string): Term | undefined {
  const t = raw.trim().toUpperCase().replace(/_/g, ' ');
  if (t === '' || t === 'ISO IR 6' || t === 'ISO 2022 IR 6') return { esc: '\x1b(B', g0: 'ascii' };
  if (t === 'ISO IR 192') return { whole: 'utf-8' };
  if (t === 'GB18030') return { whole: 'gb18030' };
  if (t === 'GBK') return { whole: 'gbk' };
  const m = /^ISO (2022 )?IR (\d+)$/.exec(t);
  if (!m) return undefined;
  const n = m[2]!;
  if (ISO8859[n]) return { esc: ISO8859[n]![1], g1: ISO8859[n]![0], g0: 'ascii' };
  if (n === '13') return { esc: '\x1b)I', g0: 'jis-roman', g1: 'shift_jis' };
  if (n === '87') return { esc: '\x1b$B', g0: 'jis0208' };
  if (n === '159') return { esc: '\x1b$(D', g0: 'jis0212' };
  if (n === '149') return { esc: '\x1b$)C', g1: 'euc-kr' };
  if (n === '58') return { esc: '\x1b$)A', g1: 'gb18030' };
  return undefined;
}

/** Escape sequences we act on -> what they designate (G0 or G1). */
const ESCAPES: [string, { g0?: Set7; g1?: string }][] = [
  ['\x1b(B', { g0: 'ascii' }],
  ['\x1b(J', { g0: 'jis-roman' }],
  ['\x1b)I', { g1: 'shift_jis' }],
  ['\x1b$B', { g0: 'jis0208' }],
  ['\x1b$@', { g0: 'jis0208' }],
  ['\x1b$(D', { g0: 'jis0212' }],
  ['\x1b$)C', { g1: 'euc-kr' }],
  ['\x1b$)A', { g1: 'gb18030' }],
  ...Object.values(ISO8859).map(([label, esc]) => [esc, { g1: label }] as [string, { g1: string }]),
];

const decoders = new Map<string, InstanceType<typeof TextDecoder>>();
function dec(label: string): InstanceType<typeof TextDecoder> {
  let d = decoders.get(label);
  if (!d) decoders.set(label, (d = new TextDecoder(label)));
  return d;
}

function decode7(bytes: Uint8Array, set: Set7): string {
  if (bytes.length === 0) return '';
  switch (set) {
    case 'ascii':
      return dec('iso-8859-1').decode(bytes);
    case 'jis-roman':
      return dec('shift_jis').decode(bytes);
    case 'jis0208': {
      const wrapped = new Uint8Array(bytes.length + 6);
      wrapped.set([0x1b, 0x24, 0x42], 0);
      wrapped.set(bytes, 3);
      wrapped.set([0x1b, 0x28, 0x42], bytes.length + 3);
      return dec('iso-2022-jp').decode(wrapped);
    }
    case 'jis0212': {
      // EUC-JP carries JIS X 0212 as 0x8F + both bytes with the high bit set.
      const out: number[] = [];
      for (let i = 0; i + 1 < bytes.length; i += 2) out.push(0x8f, bytes[i]! | 0x80, bytes[i + 1]! | 0x80);
      return dec('euc-jp').decode(new Uint8Array(out));
    }
  }
}

/** The charsets of (0008,0005) as stored (backslash-separated terms). */
export function parseSpecificCharacterSet(value: string | undefined): string[] {
  return value === undefined ? [] : value.split('\\');
}

/** True when the terms need ISO 2022 handling or name a set a plain decoder cannot take. */
export function usesCodeExtensions(terms: readonly string[]): boolean {
  return terms.length > 1 || terms.some((t) => /2022/.test(t));
}

/**
 * Decodes `bytes` (one text value, delimiters included) by `terms`. Unknown terms fall back to ISO 8859-1 for
 * the bytes they would cover, so a value is always returned.
 */
export function decodeDicomText(bytes: Uint8Array, terms: readonly string[]): string {
  const first = term(terms[0] ?? '') ?? { g0: 'ascii' as Set7 };
  if (!usesCodeExtensions(terms)) return dec(first.whole ?? first.g1 ?? 'iso-8859-1').decode(bytes);
  let g0: Set7 = first.g0 ?? 'ascii';
  let g1: string = first.g1 ?? 'iso-8859-1';
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] === 0x1b) {
      const hit = ESCAPES.find(([esc]) => esc.length <= bytes.length - i && [...esc].every((c, k) => bytes[i + k] === c.charCodeAt(0)));
      if (hit) {
        if (hit[1].g0) g0 = hit[1].g0;
        if (hit[1].g1) g1 = hit[1].g1;
        i += hit[0].length;
        continue;
      }
    }
    const high = bytes[i]! >= 0x80;
    let j = i + 1;
    while (j < bytes.length && bytes[j] !== 0x1b && bytes[j]! >= 0x80 === high) j++;
    out += high ? dec(g1).decode(bytes.subarray(i, j)) : decode7(bytes.subarray(i, j), g0);
    i = j;
  }
  return out;
}
