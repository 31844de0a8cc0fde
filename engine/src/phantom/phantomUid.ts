import { createPrng } from './prng';

/**
 * A DICOM UID under the 2.25 root (ITU-T X.667: a UUID written as one decimal integer), drawn from `key`
 * (e.g. `${seed}/3/study`), so the same seed always gives the same UIDs. The 128 bits carry the UUID
 * version-4 and variant bits; the UID is at most 44 characters.
 */
export function phantomUid(key: string): string {
  const r = createPrng(`uid/${key}`);
  const words = [r.u32(), r.u32(), r.u32(), r.u32()];
  words[1] = (words[1] & 0xffff0fff) | 0x00004000; // version 4
  words[2] = (words[2] & 0x3fffffff) | 0x80000000; // variant 10
  let v = 0n;
  for (const w of words) v = (v << 32n) | BigInt(w >>> 0);
  return `2.25.${v.toString(10)}`;
}
