/**
 * The fuzz corpus, generated at test time from recipes (never copied binaries): malformed DICOM files built
 * from a synthetic image and, when present, the shared conformance files (J2K, JPEG, JPEG-LS, RLE, deflated):
 * deflate bombs, J2K SIZ / JPEG SOF patched to huge sizes, truncations, bad VRs, huge frame counts and sizes,
 * seeded bit flips, deep sequence nesting, ISO 2022 multi-charset text, and files that are not regular files
 * (FIFO, a symlink to /dev/zero, a symlink loop, a folder).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { MAX_FRAME_SAMPLES } from '../../../engine/src/util/limits';
import { flipBits, indexOf, overwrite, tagBytes, truncate } from '../dicom/helpers/mutations';
import { imageElems, u16le, writeDicom, type Elem, type Item } from '../dicom/helpers/writeDicom';

export interface FuzzCase {
  name: string;
  path: string;
  /** 'decode' must decode; 'refuse' must end in a typed error; 'either' may do both. */
  expect: 'decode' | 'refuse' | 'either';
}

const TS_DEFLATE = '1.2.840.10008.1.2.1.99';
/** The largest square grey frame the decoder accepts. */
const AT_CAP = Math.floor(Math.sqrt(MAX_FRAME_SAMPLES));

function synthetic(rows = 64, columns = 64, extra: Elem[] = []): Uint8Array {
  const px = new Uint16Array(rows * columns).map((_, i) => (i * 37) & 0xfff);
  return writeDicom([...imageElems({ rows, columns, bitsStored: 12 }), ...extra, { tag: [0x7fe0, 0x0010], vr: 'OW', value: u16le(px) }]);
}

/** Deflated data set whose inflated size is `inflatedBytes` (zeros after a small image header), streamed. */
async function deflateBomb(inflatedBytes: number, withPixelElement: boolean): Promise<Uint8Array> {
  const head = writeDicom([], { transferSyntax: TS_DEFLATE });
  const header = writeDicom(imageElems({ rows: 64, columns: 64 }), { bare: true });
  const parts: Buffer[] = [];
  const z = createDeflateRaw({ level: 1 });
  z.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => z.on('end', resolve));
  z.write(header);
  let left = inflatedBytes - header.length;
  if (withPixelElement) {
    // (7FE0,0010) OW with a defined length covering the rest.
    const len = left - 12;
    z.write(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57, 0, 0, len & 0xff, (len >>> 8) & 0xff, (len >>> 16) & 0xff, len >>> 24]));
    left -= 12;
  }
  const chunk = Buffer.alloc(1 << 20);
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    if (!z.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await new Promise((r) => z.once('drain', r));
    left -= n;
  }
  z.end();
  await done;
  return Buffer.concat([head, ...parts]);
}

/** Sets a US attribute's value in place (explicit VR LE: tag, "US", len 2, value). */
function setUs(b: Uint8Array, group: number, element: number, v: number): Uint8Array {
  const at = indexOf(b, [...tagBytes(group, element), 0x55, 0x53, 2, 0]);
  return overwrite(b, at < 0 ? -1 : at + 8, [v & 0xff, v >> 8]);
}

function nested(depth: number): Elem {
  let item: Item = [{ tag: [0x0008, 0x0100], vr: 'SH', value: 'X' }];
  for (let i = 0; i < depth; i++) item = [{ tag: [0x0040, 0xa730], vr: 'SQ', value: [item] }];
  return item[0]!;
}

/** pydicom's character-set test files (chrH31 = ISO 2022 IR 87, chrI2 = IR 149 ...), when python3-pydicom is installed. */
export function pydicomCharsetDir(): string | undefined {
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', "import os, pydicom.data as d; print(os.path.dirname(d.get_charset_files('chrH31.dcm')[0]))"], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return out && existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the corpus under `dir`; returns the cases. `conformanceDir` adds codec-based recipes when present. */
export async function writeFuzzCorpus(dir: string, conformanceDir?: string): Promise<FuzzCase[]> {
  mkdirSync(dir, { recursive: true });
  const cases: FuzzCase[] = [];
  const put = (name: string, bytes: Uint8Array, expect: FuzzCase['expect'] = 'either'): void => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    cases.push({ name, path, expect });
  };

  const base = synthetic();
  put('synthetic-ok.dcm', base, 'decode');
  // Deflate bombs: over the inflate cap (refused while inflating), and one under it (parsed, bounded work).
  put('deflate-bomb-160MiB-zeros.dcm', await deflateBomb(160 << 20, false), 'refuse');
  put('deflate-bomb-150MiB-pixeldata.dcm', await deflateBomb(150 << 20, true), 'refuse');
  put('deflate-under-cap-24MiB-pixeldata.dcm', await deflateBomb(24 << 20, true), 'either');
  // Sizes and frame counts.
  put('rows-cols-65535.dcm', setUs(setUs(base, 0x28, 0x10, 65535), 0x28, 0x11, 65535), 'refuse');
  for (const frames of ['2147483647', '100000', '70000', '-1', '1e9', '0', 'x']) {
    put(`frames-${frames}.dcm`, synthetic(64, 64, [{ tag: [0x0028, 0x0008], vr: 'IS', value: frames }]), 'refuse');
  }
  // Bad VRs on each element of the synthetic file, several spellings.
  const vrAt: number[] = [];
  for (let i = 132; i + 6 < base.length && vrAt.length < 24; i++) {
    const vr = String.fromCharCode(base[i + 4]!, base[i + 5]!);
    if (/^(UI|CS|US|PN|LO|OW|UL|OB|IS)$/.test(vr) && base[i + 1] !== undefined) vrAt.push(i + 4);
  }
  vrAt.forEach((at, k) => {
    for (const bad of ['xx', '\0\0', 'ox']) put(`bad-vr-${k}-${bad === '\0\0' ? 'nul' : bad}.dcm`, overwrite(base, at, [bad.charCodeAt(0), bad.charCodeAt(1)]));
  });
  // Truncations and bit flips of the synthetic file.
  for (const f of [0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) put(`synthetic-trunc-${f}.dcm`, truncate(base, base.length * f));
  for (let s = 1; s <= 24; s++) put(`synthetic-flip-${s}.dcm`, flipBits(base, 1 + (s % 8), 1000 + s, 132));
  // Element length claims past the end, deep nesting, multi-charset text.
  const pxAt = indexOf(base, [0xe0, 0x7f, 0x10, 0x00]);
  put('pixel-length-huge.dcm', overwrite(base, pxAt + 8, [0xf0, 0xff, 0xff, 0xff]), 'refuse');
  put('nested-sq-2000.dcm', synthetic(16, 16, [nested(2000)]));
  const charsets = pydicomCharsetDir();
  if (charsets) for (const n of ['chrH31.dcm', 'chrH32.dcm', 'chrI2.dcm', 'chrX1.dcm']) {
    if (existsSync(join(charsets, n))) put(`pydicom-${n}`, readFileSync(join(charsets, n)), 'decode');
  }

  if (conformanceDir && existsSync(conformanceDir)) {
    const read = (n: string): Uint8Array | undefined => (existsSync(join(conformanceDir, n)) ? readFileSync(join(conformanceDir, n)) : undefined);
    const codecFiles = [
      'CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm',
      'CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm',
      'CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm',
      'CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm',
      'CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm',
      'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm',
      'CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm',
      'CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm',
    ];
    codecFiles.forEach((n, k) => {
      const b = read(n);
      if (!b) return;
      put(`conf${k}-ok.dcm`, b, 'decode');
      for (const f of [0.05, 0.2, 0.5, 0.8, 0.95, 0.999]) put(`conf${k}-trunc-${f}.dcm`, truncate(b, b.length * f));
      for (let s = 1; s <= 10; s++) put(`conf${k}-flip-${s}.dcm`, flipBits(b, 1 + (s % 5), 7000 + 31 * k + s, Math.min(b.length - 1, 400)));
    });
    // J2K SIZ and JPEG SOF patched to huge sizes, alone (mismatch) and with Rows/Columns patched to match (cap).
    const j2k = read(codecFiles[0]!);
    if (j2k) {
      const siz = indexOf(j2k, [0xff, 0x4f, 0xff, 0x51]);
      // AT_CAP is at the per-frame cap: admitted to the codec, which must decode or fail typed within the RSS cap.
      for (const side of [AT_CAP, 16384, 23000]) {
        const be = [side >>> 24, (side >>> 16) & 0xff, (side >>> 8) & 0xff, side & 0xff];
        const patched = overwrite(overwrite(j2k, siz + 8, be), siz + 12, be); // Xsiz, Ysiz
        put(`j2k-siz-${side}-only.dcm`, patched, 'refuse');
        put(`j2k-siz-${side}-and-header.dcm`, setUs(setUs(patched, 0x28, 0x10, side), 0x28, 0x11, side), side > AT_CAP ? 'refuse' : 'either');
      }
    }
    const jpg = read(codecFiles[1]!);
    if (jpg) {
      const sof = indexOf(jpg, [0xff, 0xc0]);
      for (const side of [AT_CAP, 16384, 23000]) {
        const patched = overwrite(jpg, sof + 5, [side >> 8, side & 0xff, side >> 8, side & 0xff]);
        put(`jpeg-sof-${side}-only.dcm`, patched, 'refuse');
        put(`jpeg-sof-${side}-and-header.dcm`, setUs(setUs(patched, 0x28, 0x10, side), 0x28, 0x11, side), side > AT_CAP ? 'refuse' : 'either');
      }
    }
  }

  // Not regular files: refused by type, never read.
  const special = (name: string, make: (p: string) => void): void => {
    const p = join(dir, name);
    try {
      make(p);
      cases.push({ name, path: p, expect: 'refuse' });
    } catch (e) {
      console.log(`fuzz corpus: ${name} not made here (${(e as Error).message})`);
    }
  };
  special('fifo.dcm', (p) => execFileSync('mkfifo', [p]));
  special('devzero-link.dcm', (p) => symlinkSync('/dev/zero', p));
  special('loop-a.dcm', (p) => {
    symlinkSync(join(dir, 'loop-b.dcm'), p);
    symlinkSync(p, join(dir, 'loop-b.dcm'));
  });
  special('folder.dcm', (p) => mkdirSync(p));
  return cases;
}
