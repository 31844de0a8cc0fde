/**
 * dcmjs (0.51) loaded through require with a small typed surface of what we use: dcmjs ships no
 * TypeScript types, and an ambient `declare module` here could clash with another engineer's.
 */
import { createRequire } from 'node:module';

/** One element of a dcmjs "dict" data set (tag "GGGGEEEE" upper-case hex -> element). */
export interface DcmElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  _rawValue?: unknown;
}
export type DcmDict = Record<string, DcmElement>;

export interface DcmDicomDict {
  meta: DcmDict;
  dict: DcmDict;
  write(opts?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
}

/** A naturalized data set: keyword -> value (sequences are arrays of objects). */
export type Naturalized = Record<string, unknown> & { _vrMap?: Record<string, string> };

interface DcmjsApi {
  data: {
    DicomMessage: { readFile(buf: ArrayBuffer, opts?: { ignoreErrors?: boolean; untilTag?: string | null }): DcmDicomDict };
    DicomDict: new (meta: DcmDict) => DcmDicomDict;
    DicomMetaDictionary: {
      naturalizeDataset(dict: DcmDict): Naturalized;
      denaturalizeDataset(ds: Naturalized): DcmDict;
      dictionary: Record<string, { tag: string; vr: string; name: string; vm: string; version: string }>;
      nameMap: Record<string, { tag: string; vr: string; name: string }>;
    };
  };
  log: { setLevel?(level: string): void; level?: unknown; getLogger?(name: string): { setLevel(l: string): void } };
}

const require = createRequire(import.meta.url);
export const dcmjs = require('dcmjs') as DcmjsApi;
try {
  // dcmjs logs every unknown tag at warn level, and every bad VR ("Invalid vr type - using UN") at error
  // level of its validation logger, once per element: a malformed file could write gigabytes to stderr.
  // Problems reach the user as typed errors instead; its loggers stay silent.
  dcmjs.log.setLevel?.('silent');
  for (const name of ['validation.dcmjs', 'AsyncDicomReader']) dcmjs.log.getLogger?.(name).setLevel('silent');
} catch {
  /* older loglevel API */
}

/** The ArrayBuffer exactly covering `buf` (dcmjs wants a whole ArrayBuffer). */
export function toArrayBuffer(buf: Uint8Array): ArrayBuffer {
  return buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength
    ? (buf.buffer as ArrayBuffer)
    : (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
}

/** Key form used in dcmjs dicts: "GGGGEEEE", upper-case hex. */
export function dcmTag(group: number, element: number): string {
  return `${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`.toUpperCase();
}
