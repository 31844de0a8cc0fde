/**
 * The identifying and descriptive header attributes an exporter (DICOM SEG, de-identification, the
 * manifest) copies from the source image. Raw strings as stored (multi-valued attributes keep their
 * backslashes). This is patient data: it stays in the engine and never goes into DicomInfo.
 */
import { getString } from './attrs';
import type { DicomDataset } from './readDicom';
import { readDicom } from './readDicom';

/** Keyword -> tag (dicom-parser key) of every attribute readDicomHeader returns when present. */
export const HEADER_ATTRIBUTES = {
  SpecificCharacterSet: 'x00080005',
  ImageType: 'x00080008',
  SOPClassUID: 'x00080016',
  SOPInstanceUID: 'x00080018',
  StudyDate: 'x00080020',
  SeriesDate: 'x00080021',
  ContentDate: 'x00080023',
  StudyTime: 'x00080030',
  SeriesTime: 'x00080031',
  ContentTime: 'x00080033',
  AccessionNumber: 'x00080050',
  Modality: 'x00080060',
  Manufacturer: 'x00080070',
  InstitutionName: 'x00080080',
  ReferringPhysicianName: 'x00080090',
  StudyDescription: 'x00081030',
  SeriesDescription: 'x0008103e',
  ManufacturerModelName: 'x00081090',
  PatientName: 'x00100010',
  PatientID: 'x00100020',
  IssuerOfPatientID: 'x00100021',
  PatientBirthDate: 'x00100030',
  PatientSex: 'x00100040',
  PatientAge: 'x00101010',
  BodyPartExamined: 'x00180015',
  ViewPosition: 'x00185101',
  StudyInstanceUID: 'x0020000d',
  SeriesInstanceUID: 'x0020000e',
  StudyID: 'x00200010',
  SeriesNumber: 'x00200011',
  InstanceNumber: 'x00200013',
  PatientOrientation: 'x00200020',
  ImagePositionPatient: 'x00200032',
  ImageOrientationPatient: 'x00200037',
  FrameOfReferenceUID: 'x00200052',
  PositionReferenceIndicator: 'x00201040',
  Laterality: 'x00200060',
  ImageLaterality: 'x00200062',
  Rows: 'x00280010',
  Columns: 'x00280011',
  PixelSpacing: 'x00280030',
  ImagerPixelSpacing: 'x00181164',
  NumberOfFrames: 'x00280008',
  TransferSyntaxUID: 'x00020010',
  MediaStorageSOPClassUID: 'x00020002',
  MediaStorageSOPInstanceUID: 'x00020003',
} as const;

export type HeaderKeyword = keyof typeof HEADER_ATTRIBUTES;

/** The attributes present in the file, keyword -> raw value (US values as decimal strings). */
export type DicomHeader = Partial<Record<HeaderKeyword, string>>;

const US_KEYWORDS = new Set<HeaderKeyword>(['Rows', 'Columns']);

/** Header attributes of a parsed data set. */
export function headerOf(d: DicomDataset): DicomHeader {
  const out: DicomHeader = {};
  for (const [kw, key] of Object.entries(HEADER_ATTRIBUTES) as [HeaderKeyword, string][]) {
    if (!d.dataSet.elements[key]) continue;
    let v: string | undefined;
    if (US_KEYWORDS.has(kw)) {
      const el = d.dataSet.elements[key]!;
      if (el.length >= 2 && el.dataOffset + 2 <= d.dataSet.byteArray.length) v = String(d.dataSet.uint16(key));
    } else {
      v = getString(d.dataSet, key);
    }
    if (v !== undefined) out[kw] = v;
  }
  if (!out.TransferSyntaxUID) out.TransferSyntaxUID = d.transferSyntaxUid;
  return out;
}

/** Reads the header attributes from DICOM bytes (stops before Pixel Data). Typed errors as readDicom. */
export function readDicomHeader(bytes: Uint8Array, fileName: string): DicomHeader {
  return headerOf(readDicom(bytes, fileName, { untilTag: 'x7fe00010' }));
}
