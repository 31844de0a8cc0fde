/**
 * The DICOM JSON model (PS3.18 F.2) of QIDO-RS and STOW-RS answers: reading values, and the study / series
 * summaries the UI and CLI show. Refuses what is not a DICOM JSON array (typed, naming the server).
 */
import type { PacsSeries, PacsStudy } from '../../protocol/pacs';
import { EngineError } from '../errors';

export type DicomJsonObject = Record<string, { vr?: string; Value?: unknown[] }>;

/** Parses a QIDO-RS/STOW-RS JSON answer into DICOM JSON objects (an empty body is an empty list). */
export function parseDicomJsonList(body: Buffer, server: string, what: string): DicomJsonObject[] {
  const text = body.toString('utf8').trim();
  if (text === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new EngineError('PACS', `${what}: the answer is not JSON: "${text.slice(0, 80)}"`, server);
  }
  const list = Array.isArray(v) ? v : [v];
  for (const o of list) if (!o || typeof o !== 'object' || Array.isArray(o)) throw new EngineError('PACS', `${what}: the answer is not DICOM JSON (an array of objects)`, server);
  return list as DicomJsonObject[];
}

/** The first value of a tag (PN as its alphabetic form), or null. */
export function jsonValue(o: DicomJsonObject, tag: string): string | number | null {
  const v = o[tag]?.Value?.[0];
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return (v as { Alphabetic?: string }).Alphabetic ?? null;
  return typeof v === 'number' ? v : String(v);
}

export function jsonString(o: DicomJsonObject, tag: string): string | null {
  const v = jsonValue(o, tag);
  return v === null ? null : String(v);
}

export function jsonNumber(o: DicomJsonObject, tag: string): number | null {
  const v = jsonValue(o, tag);
  const n = typeof v === 'number' ? v : v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Every value of a tag as strings. */
export function jsonStrings(o: DicomJsonObject, tag: string): string[] {
  return (o[tag]?.Value ?? []).filter((v) => v !== null && v !== undefined).map(String);
}

export const TAG = {
  studyDate: '00080020',
  accessionNumber: '00080050',
  modalitiesInStudy: '00080061',
  modality: '00080060',
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  failedSopSequence: '00081198',
  referencedSopSequence: '00081199',
  referencedSopInstanceUid: '00081155',
  failureReason: '00081197',
  patientName: '00100010',
  patientId: '00100020',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  seriesNumber: '00200011',
  studySeriesCount: '00201206',
  studyInstanceCount: '00201208',
  seriesInstanceCount: '00201209',
} as const;

function needUid(o: DicomJsonObject, tag: string, server: string, what: string): string {
  const uid = jsonString(o, tag);
  if (!uid || !/^[0-9.]{1,64}$/.test(uid)) throw new EngineError('PACS', `${what}: a result has no valid UID in (${tag.slice(0, 4)},${tag.slice(4)})`, server);
  return uid;
}

export function toStudy(o: DicomJsonObject, server: string): PacsStudy {
  return {
    studyInstanceUid: needUid(o, TAG.studyInstanceUid, server, 'study search'),
    patientName: jsonString(o, TAG.patientName),
    patientId: jsonString(o, TAG.patientId),
    studyDate: jsonString(o, TAG.studyDate),
    accessionNumber: jsonString(o, TAG.accessionNumber),
    description: jsonString(o, TAG.studyDescription),
    modalities: jsonStrings(o, TAG.modalitiesInStudy),
    seriesCount: jsonNumber(o, TAG.studySeriesCount),
    instanceCount: jsonNumber(o, TAG.studyInstanceCount),
  };
}

export function toSeries(o: DicomJsonObject, studyInstanceUid: string, server: string): PacsSeries {
  return {
    studyInstanceUid,
    seriesInstanceUid: needUid(o, TAG.seriesInstanceUid, server, 'series search'),
    modality: jsonString(o, TAG.modality),
    description: jsonString(o, TAG.seriesDescription),
    seriesNumber: jsonNumber(o, TAG.seriesNumber),
    instanceCount: jsonNumber(o, TAG.seriesInstanceCount),
  };
}

/** The SOP Instance UIDs of an instance-level QIDO-RS answer. */
export function toInstanceUids(list: DicomJsonObject[], server: string): string[] {
  return list.map((o) => needUid(o, TAG.sopInstanceUid, server, 'instance search'));
}

/** A STOW-RS answer: what was stored and what failed (with the server's reason code). */
export function readStowAnswer(o: DicomJsonObject): { stored: string[]; failed: { sopInstanceUid: string; reason: string }[] } {
  const seq = (tag: string) => (o[tag]?.Value ?? []) as DicomJsonObject[];
  return {
    stored: seq(TAG.referencedSopSequence).map((i) => jsonString(i, TAG.referencedSopInstanceUid)).filter((u): u is string => !!u),
    failed: seq(TAG.failedSopSequence).map((i) => ({ sopInstanceUid: jsonString(i, TAG.referencedSopInstanceUid) ?? '?', reason: `failure reason ${jsonValue(i, TAG.failureReason) ?? 'not given'}` })),
  };
}
