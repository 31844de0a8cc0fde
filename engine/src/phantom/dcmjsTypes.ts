/**
 * The small part of dcmjs 0.51 (which ships no type declarations) that the phantom writer uses.
 * Loaded through this one file so the rest of the code stays typed.
 */
// @ts-ignore -- dcmjs has no type declarations; the shape used is declared below
import dcmjsModule from 'dcmjs';

export interface DcmjsDicomDict {
  dict: Record<string, unknown>;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

export interface DcmjsApi {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => DcmjsDicomDict;
    DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown> };
  };
  log?: { setLevel?(level: string): void; level?: unknown };
}

export const dcmjs = dcmjsModule as DcmjsApi;
