/**
 * What the decoder does with each transfer syntax: how pixel data is stored and which codec decodes it.
 */
import { transferSyntaxName } from '../../protocol/dicom';

export type PixelEncoding =
  | 'native' // uncompressed, little endian (deflate is undone by the parser)
  | 'native-big-endian'
  | 'encapsulated-uncompressed'
  | 'rle'
  | 'jpeg-baseline' // DCT Process 1: libjpeg-turbo (8-bit); 12-bit data, should it occur, as jpeg-extended
  | 'jpeg-extended' // DCT Process 2 & 4 and retired .53/.55: libjpeg-turbo (8-bit), IJG 12-bit via dcmjs-codecs
  | 'jpeg-lossless' // Process 14 (.57 / .70)
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'htj2k';

export interface TransferSyntaxSpec {
  uid: string;
  name: string;
  encoding: PixelEncoding;
  lossy: boolean;
}

const SPECS: Record<string, [PixelEncoding, boolean]> = {
  '1.2.840.10008.1.2': ['native', false],
  '1.2.840.10008.1.2.1': ['native', false],
  '1.2.840.10008.1.2.1.99': ['native', false],
  '1.2.840.10008.1.2.2': ['native-big-endian', false],
  '1.2.840.10008.1.2.1.98': ['encapsulated-uncompressed', false],
  '1.2.840.10008.1.2.5': ['rle', false],
  '1.2.840.10008.1.2.4.50': ['jpeg-baseline', true],
  '1.2.840.10008.1.2.4.51': ['jpeg-extended', true],
  '1.2.840.10008.1.2.4.53': ['jpeg-extended', true],
  '1.2.840.10008.1.2.4.55': ['jpeg-extended', true],
  '1.2.840.10008.1.2.4.57': ['jpeg-lossless', false],
  '1.2.840.10008.1.2.4.70': ['jpeg-lossless', false],
  '1.2.840.10008.1.2.4.80': ['jpeg-ls', false],
  '1.2.840.10008.1.2.4.81': ['jpeg-ls', true],
  '1.2.840.10008.1.2.4.90': ['jpeg2000', false],
  '1.2.840.10008.1.2.4.91': ['jpeg2000', true],
  '1.2.840.10008.1.2.4.201': ['htj2k', false],
  '1.2.840.10008.1.2.4.202': ['htj2k', false],
  '1.2.840.10008.1.2.4.203': ['htj2k', true],
};

/** The decoder's spec for a transfer syntax UID, or undefined when it has no decoder for it. */
export function transferSyntaxSpec(uid: string): TransferSyntaxSpec | undefined {
  const s = SPECS[uid];
  return s ? { uid, name: transferSyntaxName(uid), encoding: s[0], lossy: s[1] } : undefined;
}

/** True when the transfer syntax compresses lossily (by its definition, not the file's history). */
export function isLossyTransferSyntax(uid: string): boolean {
  return SPECS[uid]?.[1] ?? false;
}
