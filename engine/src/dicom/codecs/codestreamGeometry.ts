/**
 * Reads the image size and component count from the header of a JPEG / JPEG-LS / JPEG 2000 / HTJ2K
 * codestream without decoding it, so that a frame whose codestream disagrees with the DICOM header
 * (or claims an absurd size) is refused before any codec allocates memory for it.
 */

export interface CodestreamGeometry {
  width: number;
  /** 0 when a JPEG defers the height to a DNL marker. */
  height: number;
  components: number;
  /** Sample precision in bits. */
  precision: number;
  /** JPEG SOF marker (0xC0..0xCF, 0xF7 for JPEG-LS); 0x51 (SIZ) for JPEG 2000. */
  marker: number;
}

/** JPEG and JPEG-LS: walks the marker segments up to the first SOF. Undefined when none is found. */
export function jpegGeometry(b: Uint8Array): CodestreamGeometry | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    const isSof = (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;
    if (isSof) {
      if (i + 10 > b.length) return undefined;
      return {
        precision: b[i + 4]!,
        height: (b[i + 5]! << 8) | b[i + 6]!,
        width: (b[i + 7]! << 8) | b[i + 8]!,
        components: b[i + 9]!,
        marker: m,
      };
    }
    if (m === 0xda || len < 2) return undefined; // scan before any frame header
    i += 2 + len;
  }
  return undefined;
}

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
}

/**
 * JPEG 2000 / HTJ2K: the SIZ segment right after SOC (FF4F FF51). A JP2 wrapper is tolerated by
 * searching its first 4 KiB for the codestream start.
 */
export function j2kGeometry(b: Uint8Array): CodestreamGeometry | undefined {
  let s = -1;
  const limit = Math.min(b.length - 4, 4096);
  for (let i = 0; i <= limit; i++) {
    if (b[i] === 0xff && b[i + 1] === 0x4f && b[i + 2] === 0xff && b[i + 3] === 0x51) {
      s = i;
      break;
    }
  }
  if (s < 0 || s + 42 > b.length) return undefined;
  const p = s + 4; // Lsiz
  const xsiz = u32(b, p + 4);
  const ysiz = u32(b, p + 8);
  const xo = u32(b, p + 12);
  const yo = u32(b, p + 16);
  const csiz = (b[p + 36]! << 8) | b[p + 37]!;
  if (xsiz <= xo || ysiz <= yo || csiz === 0 || p + 38 + 3 * csiz > b.length) return undefined;
  return { width: xsiz - xo, height: ysiz - yo, components: csiz, precision: (b[p + 38]! & 0x7f) + 1, marker: 0x51 };
}
