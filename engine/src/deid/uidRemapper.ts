/**
 * Consistent, non-reversible UID replacement for de-identification (PS3.15 action U):
 * new UID = "2.25." + the first 128 bits of HMAC-SHA256(secret, original) as a decimal integer.
 * The same original always maps to the same new UID under one secret, so an image and the SEG that
 * references it stay linked; without the secret the mapping cannot be recomputed or reversed.
 * Standard UIDs (the DICOM root 1.2.840.10008.*: SOP classes, transfer syntaxes, coding schemes)
 * identify no one and are never replaced.
 */
import { createHmac } from 'node:crypto';

export class UidRemapper {
  private readonly secret: string;
  private readonly seen = new Map<string, string>();

  constructor(secret: string) {
    if (typeof secret !== 'string' || secret.length < 16) throw new RangeError('UidRemapper needs a secret of at least 16 characters');
    this.secret = secret;
  }

  /** True for UIDs defined by the standard itself (kept as they are). */
  static isStandardUid(uid: string): boolean {
    return uid.startsWith('1.2.840.10008.');
  }

  map(uid: string): string {
    const u = uid.replace(/\0/g, '').trim();
    if (u === '' || UidRemapper.isStandardUid(u)) return u;
    let out = this.seen.get(u);
    if (!out) {
      const h = createHmac('sha256', this.secret).update(u).digest('hex').slice(0, 32);
      out = `2.25.${BigInt(`0x${h}`).toString()}`;
      this.seen.set(u, out);
    }
    return out;
  }

  /** How many distinct UIDs were replaced so far. */
  get count(): number {
    return this.seen.size;
  }
}
