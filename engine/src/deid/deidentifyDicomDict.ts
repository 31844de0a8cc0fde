/**
 * Applies the Basic Application Level Confidentiality Profile (basicProfile.ts) to a dcmjs DicomDict in
 * place (data set and file meta), recursing into sequences, and returns a record of what was done
 * (tags and actions only, never the original values).
 *
 * Choices for the profile's "choose by Type" codes (we do not model every IOD's Types):
 *   X/Z, X/Z/D -> Z (zero length; keeps Type 2 attributes present); sequences -> X, except Type 2
 *      sequences of the CR/DX IODs (AcquisitionContextSequence) -> empty sequence
 *   X/D        -> X;   Z/D -> D for dates/times (Type 1 ContentDate/Time in SEG), else Z
 *   X/Z/U*     -> keep the sequence, replace the UIDs inside it
 *   D on a sequence or binary value -> X
 * Extra rules beyond the profile (stricter, never looser):
 *   - any UI value not listed and not a standard 1.2.840.10008.* UID is replaced like U;
 *   - any PN value not listed is emptied (names of people appear nowhere);
 *   - identifying attributes the table does not list are removed wherever they occur (STRICTER_REMOVALS:
 *     birth/death dates in an alternative calendar and the calendar, the issuer-of-accession-number and
 *     issuer-of-patient-ID-qualifiers sequences, and the HL7 v2 hierarchic designator values Local Namespace
 *     Entity ID / Universal Entity ID (Type) that name the issuing organisation);
 *   - whole 60xx overlay groups are removed (not only 60xx3000/4000), so no orphan overlay attributes stay;
 *   - file meta is rebuilt: SourceApplicationEntityTitle and other meta attributes besides the SOP
 *     class/instance, transfer syntax and our implementation UID/name are dropped.
 * Then sets PatientIdentityRemoved YES, DeidentificationMethod, DeidentificationMethodCodeSequence
 * (DCM 113100) and LongitudinalTemporalInformationModified REMOVED.
 * Pixel data are not inspected: BurnedInAnnotation other than NO is reported as a warning.
 */
import { dcmjs, type DcmDicomDict, type DcmDict, type DcmElement } from '../dicom/dcmjs';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../version';
import { BASIC_PROFILE_CODE, basicProfileAction } from './basicProfile';
import { UidRemapper } from './uidRemapper';

/** DeidentificationMethod (LO, at most 64 characters). */
export const DEID_METHOD = 'TagGAN Desk: PS3.15 E.1-1 Basic Application Confidentiality';

export type AppliedAction = 'removed' | 'emptied' | 'dummy' | 'uid-replaced' | 'uids-inside-replaced';

export interface DeidRecord {
  /** attribute "(GGGG,EEEE) Name" -> action and the profile code that led to it. */
  actions: { tag: string; name: string; profile: string; applied: AppliedAction; count: number }[];
  privateAttributesRemoved: number;
  uidsReplaced: number;
  warnings: string[];
}

/** Removed wherever they occur, though Table E.1-1 does not list them (stricter than the profile). */
export const STRICTER_REMOVALS: ReadonlyMap<string, string> = new Map([
  ['00100033', 'PatientBirthDateInAlternativeCalendar'],
  ['00100034', 'PatientDeathDateInAlternativeCalendar'],
  ['00100035', 'PatientAlternativeCalendar'],
  ['00080051', 'IssuerOfAccessionNumberSequence'],
  ['00100024', 'IssuerOfPatientIDQualifiersSequence'],
  ['00400031', 'LocalNamespaceEntityID'],
  ['00400032', 'UniversalEntityID'],
  ['00400033', 'UniversalEntityIDType'],
]);

/** The action applied to a tag: the table's, or X for STRICTER_REMOVALS, or undefined (kept). */
export function deidAction(tag: string): string | undefined {
  const t = tag.toUpperCase();
  return basicProfileAction(t) ?? (STRICTER_REMOVALS.has(t) ? 'X' : undefined);
}

/** Sequences that are Type 2 in the CR/DX IODs and must stay present (empty) when the profile allows Z. */
const TYPE2_SEQUENCES = new Set(['00400555']);

const DUMMY: Record<string, string | number> = {
  PN: 'ANONYMIZED', LO: 'ANONYMIZED', SH: 'ANONYMIZED', ST: 'ANONYMIZED', LT: 'ANONYMIZED', UT: 'ANONYMIZED',
  UC: 'ANONYMIZED', CS: 'ANONYMIZED', AE: 'ANONYMIZED', DA: '19000101', TM: '000000', DT: '19000101000000',
  AS: '000Y', IS: 0, DS: 0, US: 0, UL: 0, SS: 0, SL: 0, FL: 0, FD: 0,
};

function tagName(tag: string): string {
  const key = `(${tag.slice(0, 4)},${tag.slice(4)})`.toUpperCase();
  return dcmjs.data.DicomMetaDictionary.dictionary[key]?.name ?? 'Unknown';
}

class Recorder {
  private map = new Map<string, { tag: string; name: string; profile: string; applied: AppliedAction; count: number }>();
  privateRemoved = 0;
  note(tag: string, profile: string, applied: AppliedAction): void {
    const k = `${tag}|${applied}`;
    const cur = this.map.get(k);
    if (cur) cur.count++;
    else this.map.set(k, { tag: `(${tag.slice(0, 4)},${tag.slice(4)})`, name: tagName(tag), profile, applied, count: 1 });
  }
  get actions(): DeidRecord['actions'] {
    return [...this.map.values()].sort((a, b) => a.tag.localeCompare(b.tag));
  }
}

function mapUids(el: DcmElement, uids: UidRemapper): DcmElement {
  return { vr: 'UI', Value: (el.Value ?? []).map((v) => uids.map(String(v))) };
}

function deidDict(dict: DcmDict, uids: UidRemapper, rec: Recorder): void {
  for (const tag of Object.keys(dict)) {
    const el = dict[tag]!;
    const group = parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) {
      delete dict[tag];
      rec.privateRemoved++;
      continue;
    }
    if (tag.startsWith('60') && group >= 0x6000 && group <= 0x601e) {
      delete dict[tag];
      rec.note(tag, 'X (whole overlay group)', 'removed');
      continue;
    }
    if (STRICTER_REMOVALS.has(tag) && basicProfileAction(tag) === undefined) {
      delete dict[tag];
      rec.note(tag, 'X (stricter than the table: identifying)', 'removed');
      continue;
    }
    const action = basicProfileAction(tag);
    const isSeq = el.vr === 'SQ';
    const recurse = (): void => {
      for (const item of (el.Value ?? []) as DcmDict[]) if (item && typeof item === 'object') deidDict(item, uids, rec);
    };
    if (action === undefined) {
      if (isSeq) recurse();
      else if (el.vr === 'UI' && (el.Value ?? []).some((v) => !UidRemapper.isStandardUid(String(v)))) {
        dict[tag] = mapUids(el, uids);
        rec.note(tag, 'K (UI not in table: replaced)', 'uid-replaced');
      } else if (el.vr === 'PN' && (el.Value ?? []).length > 0) {
        dict[tag] = { vr: 'PN', Value: [] };
        rec.note(tag, 'K (PN not in table: emptied)', 'emptied');
      }
      continue;
    }
    let applied: AppliedAction;
    switch (action) {
      case 'X':
      case 'X/D':
        applied = 'removed';
        break;
      case 'Z':
      case 'X/Z':
      case 'X/Z/D':
        // Sequences: removed, except Type 2 ones of the radiograph IODs, which become empty sequences.
        applied = isSeq && !TYPE2_SEQUENCES.has(tag) ? 'removed' : 'emptied';
        break;
      case 'Z/D':
        applied = ['DA', 'TM', 'DT'].includes(el.vr) ? 'dummy' : 'emptied';
        break;
      case 'D':
        applied = isSeq || !(el.vr in DUMMY) ? 'removed' : 'dummy';
        break;
      case 'U':
        applied = 'uid-replaced';
        break;
      case 'X/Z/U*':
        applied = isSeq ? 'uids-inside-replaced' : el.vr === 'UI' ? 'uid-replaced' : 'removed';
        break;
    }
    if (applied === 'removed') delete dict[tag];
    else if (applied === 'emptied') dict[tag] = { vr: el.vr, Value: [] };
    else if (applied === 'dummy') dict[tag] = { vr: el.vr, Value: [DUMMY[el.vr]!] };
    else if (applied === 'uid-replaced') dict[tag] = mapUids(el, uids);
    else recurse();
    rec.note(tag, action, applied);
  }
}

function str(el: DcmElement | undefined): string | undefined {
  const v = el?.Value?.[0];
  return v === undefined || v === null ? undefined : String(v);
}

/** De-identifies `dd` in place; returns what was done. `uids` must be shared by every file of one export. */
export function deidentifyDicomDict(dd: DcmDicomDict, uids: UidRemapper): DeidRecord {
  const rec = new Recorder();
  const before = uids.count;
  const warnings: string[] = [];
  const burned = str(dd.dict['00280301']);
  if (burned !== 'NO' && dd.dict['7FE00010']) {
    warnings.push(`BurnedInAnnotation is ${burned ?? 'absent'}: pixel data were not checked for burned-in identifiers`);
  }
  deidDict(dd.dict, uids, rec);

  // File meta: rebuilt from the de-identified data set.
  const ts = str(dd.meta['00020010']) ?? '1.2.840.10008.1.2.1';
  const sopClass = str(dd.dict['00080016']);
  const sopInst = str(dd.dict['00080018']);
  dd.meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    ...(sopClass ? { '00020002': { vr: 'UI', Value: [sopClass] } } : {}),
    ...(sopInst ? { '00020003': { vr: 'UI', Value: [sopInst] } } : {}),
    '00020010': { vr: 'UI', Value: [ts] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  };

  dd.dict['00120062'] = { vr: 'CS', Value: ['YES'] }; // PatientIdentityRemoved
  dd.dict['00120063'] = { vr: 'LO', Value: [DEID_METHOD] }; // DeidentificationMethod
  dd.dict['00120064'] = {
    vr: 'SQ',
    Value: [
      {
        '00080100': { vr: 'SH', Value: [BASIC_PROFILE_CODE.CodeValue] },
        '00080102': { vr: 'SH', Value: [BASIC_PROFILE_CODE.CodingSchemeDesignator] },
        '00080104': { vr: 'LO', Value: [BASIC_PROFILE_CODE.CodeMeaning] },
      },
    ],
  };
  dd.dict['00280303'] = { vr: 'CS', Value: ['REMOVED'] }; // LongitudinalTemporalInformationModified
  return { actions: rec.actions, privateAttributesRemoved: rec.privateRemoved, uidsReplaced: uids.count - before, warnings };
}
