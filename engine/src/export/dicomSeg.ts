/**
 * DICOM Segmentation (BINARY, one segment, one frame) for a single-frame radiograph (CR, DX, or any
 * single-frame image), written as a dcmjs data set and read back.
 *
 * What it carries (PS3.3 A.51): the source's Patient and General Study modules, a new SEG series,
 * Enhanced General Equipment, General Image with the source's Patient Orientation, Segmentation Image
 * (MONOCHROME2, 1 bit, LSB-first packed frame), one Segment ("Abnormality": SCT 49755003
 * Morphologically abnormal structure / SCT 52988006 Lesion) with SegmentAlgorithmType AUTOMATIC
 * (untouched proposal), SEMIAUTOMATIC (edited proposal) or MANUAL and the algorithm name/version
 * (model id), Multi-frame Dimension (by segment number), Common Instance Reference
 * (ReferencedSeriesSequence) and, per frame, DerivationImageSequence/SourceImageSequence pointing at the
 * source SOP instance. Projection radiographs have no Frame of Reference; when the source has one with
 * ImagePositionPatient/ImageOrientationPatient (e.g. a CT slice) it is referenced and the plane
 * position/orientation and pixel measures functional groups are written too.
 */
import { randomBytes } from 'node:crypto';
import { EngineError } from '../errors';
import { ENGINE_VERSION, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../version';
import { assertBinaryMask, type BinaryMask } from '../../mask/binaryMask';
import { packBits, unpackBits } from '../workspace/maskCodec';
import { dcmjs, toArrayBuffer, type DcmDicomDict, type Naturalized } from '../dicom/dcmjs';

export const SEG_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.66.4';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

export type SegAlgorithmType = 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';

export interface CodedConcept {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export const ABNORMAL_CATEGORY: CodedConcept = { CodeValue: '49755003', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Morphologically abnormal structure' };
export const LESION_TYPE: CodedConcept = { CodeValue: '52988006', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Lesion' };

export interface DicomSegInput {
  /** The source image's naturalized data set (readSourceHeader(...).dataset). */
  source: Naturalized;
  /** Mask at the source's Rows x Columns. */
  mask: BinaryMask;
  algorithmType: SegAlgorithmType;
  /** Required unless MANUAL. */
  algorithmName?: string;
  /** The model id; required unless MANUAL. */
  algorithmVersion?: string;
  segmentLabel?: string;
  category?: CodedConcept;
  type?: CodedConcept;
  sopInstanceUid?: string;
  seriesInstanceUid?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  /** Content Creator's Name (PN), e.g. the reviewing clinician; empty when not given. */
  contentCreatorName?: string;
  /** Content date/time; default now. */
  contentDateTime?: Date;
}

/** A fresh UID under the 2.25 (UUID) root: 2.25.<128-bit random as decimal>. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

function dicomDate(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}
function dicomTime(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}${String(d.getMinutes()).padStart(2, '0')}${String(d.getSeconds()).padStart(2, '0')}`;
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}
function text(v: unknown): string {
  const x = first(v);
  if (x === undefined || x === null) return '';
  if (typeof x === 'object' && 'Alphabetic' in (x as object)) return String((x as { Alphabetic?: string }).Alphabetic ?? '');
  return String(x);
}

/** A person name as dcmjs holds it, all three component groups (alphabetic, ideographic, phonetic) kept. */
function personName(v: unknown): unknown {
  const x = first(v);
  if (x && typeof x === 'object' && ('Alphabetic' in x || 'Ideographic' in x || 'Phonetic' in x)) return [{ ...(x as object) }];
  return text(v);
}

/** Builds the SEG as a dcmjs DicomDict (meta + data set); `.write()` gives the Part 10 bytes. */
export function buildDicomSeg(input: DicomSegInput): DcmDicomDict {
  const { source: src, mask } = input;
  assertBinaryMask(mask, 'SEG mask');
  const rows = Number(src.Rows);
  const cols = Number(src.Columns);
  if (mask.width !== cols || mask.height !== rows) {
    throw new EngineError('EXPORT', `SEG mask is ${mask.width}x${mask.height} but the source image is ${cols}x${rows}`);
  }
  const srcSopClass = text(src.SOPClassUID);
  const srcSop = text(src.SOPInstanceUID);
  const srcSeries = text(src.SeriesInstanceUID);
  const srcStudy = text(src.StudyInstanceUID);
  if (!srcSopClass || !srcSop || !srcSeries || !srcStudy) throw new EngineError('EXPORT', 'source image lacks SOP/Series/Study UIDs for a SEG');
  if (input.algorithmType !== 'MANUAL' && (!input.algorithmName || !input.algorithmVersion)) {
    throw new EngineError('EXPORT', `SEG algorithm type ${input.algorithmType} needs an algorithm name and version`);
  }
  const when = input.contentDateTime ?? new Date();
  const sopInstanceUid = input.sopInstanceUid ?? newUid();
  const dimOrgUid = newUid();
  const code = (c: CodedConcept): Naturalized => ({ ...c });
  const sourceRef = { ReferencedSOPClassUID: srcSopClass, ReferencedSOPInstanceUID: srcSop };

  const segment: Naturalized = {
    SegmentNumber: 1,
    SegmentLabel: input.segmentLabel ?? 'Abnormality',
    SegmentedPropertyCategoryCodeSequence: [code(input.category ?? ABNORMAL_CATEGORY)],
    SegmentedPropertyTypeCodeSequence: [code(input.type ?? LESION_TYPE)],
    SegmentAlgorithmType: input.algorithmType,
  };
  if (input.algorithmType !== 'MANUAL') {
    segment.SegmentAlgorithmName = input.algorithmName;
    segment.SegmentationAlgorithmIdentificationSequence = [
      {
        AlgorithmFamilyCodeSequence: [{ CodeValue: '123110', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Artificial Intelligence' }],
        AlgorithmName: input.algorithmName,
        AlgorithmVersion: input.algorithmVersion,
      },
    ];
  }

  const frameGroup: Naturalized = {
    DerivationImageSequence: [
      {
        SourceImageSequence: [
          {
            ...sourceRef,
            PurposeOfReferenceCodeSequence: [{ CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' }],
            SpatialLocationsPreserved: 'YES',
          },
        ],
        DerivationCodeSequence: [{ CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' }],
      },
    ],
    FrameContentSequence: [{ DimensionIndexValues: [1] }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
  };
  const shared: Naturalized = {};

  // Pixel data: one frame, 1 bit per pixel, LSB first, padded to an even length.
  const bits = packBits(mask.data);
  const padded = new Uint8Array(bits.length + (bits.length % 2));
  padded.set(bits);

  const ds: Naturalized = {
    SpecificCharacterSet: src.SpecificCharacterSet,
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SEG_SOP_CLASS_UID,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: text(src.StudyDate),
    ContentDate: dicomDate(when),
    StudyTime: text(src.StudyTime),
    ContentTime: dicomTime(when),
    AccessionNumber: text(src.AccessionNumber),
    Modality: 'SEG',
    Manufacturer: 'TagGAN Desk',
    ReferringPhysicianName: personName(src.ReferringPhysicianName),
    StudyDescription: src.StudyDescription,
    SeriesDescription: 'TagGAN masks',
    ManufacturerModelName: 'TagGAN Desk',
    ReferencedSeriesSequence: [{ SeriesInstanceUID: srcSeries, ReferencedInstanceSequence: [{ ...sourceRef }] }],
    SourceImageSequence: [{ ...sourceRef }],
    PatientName: personName(src.PatientName),
    PatientID: text(src.PatientID),
    PatientBirthDate: text(src.PatientBirthDate),
    PatientSex: text(src.PatientSex),
    DeviceSerialNumber: '1',
    SoftwareVersions: ENGINE_VERSION,
    StudyInstanceUID: srcStudy,
    SeriesInstanceUID: input.seriesInstanceUid ?? newUid(),
    StudyID: text(src.StudyID),
    SeriesNumber: input.seriesNumber ?? 9001,
    InstanceNumber: input.instanceNumber ?? 1,
    PatientOrientation: src.PatientOrientation ?? '',
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimOrgUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimOrgUid,
        DimensionIndexPointer: 0x0062000b,
        FunctionalGroupPointer: 0x0062000a,
        DimensionDescriptionLabel: 'Segment Number',
      },
    ],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: 1,
    Rows: rows,
    Columns: cols,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    SegmentSequence: [segment],
    SegmentsOverlap: 'NO',
    ContentLabel: 'TAGGAN_MASK',
    ContentDescription: 'TagGAN mask reviewed in TagGAN Desk',
    // PN: a bare user name gets the family-name caret form so it is not read as the retired form.
    ContentCreatorName: input.contentCreatorName && !input.contentCreatorName.includes('^') ? `${input.contentCreatorName}^` : (input.contentCreatorName ?? ''),
    SharedFunctionalGroupsSequence: [shared],
    PerFrameFunctionalGroupsSequence: [frameGroup],
    PixelData: [padded.buffer],
    _vrMap: { PixelData: 'OB' },
  };
  // A de-identified source passes its de-identification attributes on (Patient / SOP Common modules).
  for (const k of ['PatientIdentityRemoved', 'DeidentificationMethod', 'DeidentificationMethodCodeSequence', 'LongitudinalTemporalInformationModified']) {
    if (src[k] !== undefined) ds[k] = src[k];
  }
  if (ds.SpecificCharacterSet === undefined) delete ds.SpecificCharacterSet;
  if (ds.StudyDescription === undefined) delete ds.StudyDescription;

  // A source with a patient coordinate system (FoR + plane geometry): reference it properly.
  const ipp = src.ImagePositionPatient;
  const iop = src.ImageOrientationPatient;
  const ps = src.PixelSpacing;
  if (src.FrameOfReferenceUID && Array.isArray(ipp) && Array.isArray(iop) && Array.isArray(ps)) {
    ds.FrameOfReferenceUID = text(src.FrameOfReferenceUID);
    ds.PositionReferenceIndicator = text(src.PositionReferenceIndicator);
    shared.PlaneOrientationSequence = [{ ImageOrientationPatient: iop }];
    shared.PixelMeasuresSequence = [{ PixelSpacing: ps, SliceThickness: src.SliceThickness ?? 1 }];
    frameGroup.PlanePositionSequence = [{ ImagePositionPatient: ipp }];
  }

  const meta: Naturalized = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_SOP_CLASS_UID,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
  return dict;
}

/** Builds and serialises the SEG (DICOM Part 10, explicit VR little endian). */
export function writeDicomSeg(input: DicomSegInput): Buffer {
  return Buffer.from(buildDicomSeg(input).write());
}

export interface ReadSegResult {
  /** Union of all frames of all segments (0/1), Rows x Columns. */
  mask: BinaryMask;
  frames: number;
  segments: { number: number; label: string; algorithmType: string }[];
  /** SOP Instance UIDs this SEG says it was derived from. */
  referencedSopInstanceUids: string[];
}

/** Reads a BINARY DICOM SEG back to a mask. Throws NOT_DICOM / EXPORT (not a SEG, not BINARY, bad size). */
export function readDicomSeg(buf: Uint8Array, file: string): ReadSegResult {
  if (!(buf.length >= 132 && buf[128] === 0x44 && buf[129] === 0x49 && buf[130] === 0x43 && buf[131] === 0x4d)) {
    throw new EngineError('NOT_DICOM', 'no DICM marker at byte 128 (not a DICOM Part 10 file)', file);
  }
  let ds: Naturalized;
  try {
    ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(toArrayBuffer(buf)).dict);
  } catch (e) {
    throw new EngineError('CORRUPT', `cannot parse DICOM: ${(e as Error).message}`, file);
  }
  if (text(ds.SOPClassUID) !== SEG_SOP_CLASS_UID) throw new EngineError('EXPORT', `not a DICOM Segmentation (SOP Class ${text(ds.SOPClassUID)})`, file);
  if (text(ds.SegmentationType) !== 'BINARY') throw new EngineError('EXPORT', `only BINARY segmentations import, this is ${text(ds.SegmentationType)}`, file);
  const rows = Number(ds.Rows);
  const cols = Number(ds.Columns);
  const frames = Number(text(ds.NumberOfFrames) || 1);
  const n = rows * cols;
  const pd = ds.PixelData as ArrayBuffer[] | undefined;
  if (!Array.isArray(pd) || pd.length === 0) throw new EngineError('NO_PIXEL_DATA', 'SEG has no pixel data', file);
  const bytes = new Uint8Array(pd.length === 1 ? pd[0]! : Buffer.concat(pd.map((b) => Buffer.from(b))));
  if (bytes.length * 8 < n * frames) throw new EngineError('TRUNCATED', `SEG pixel data holds ${bytes.length} bytes for ${frames} frames of ${cols}x${rows}`, file);
  const data = new Uint8Array(n);
  for (let f = 0; f < frames; f++) {
    const frame = unpackBits(bytes, n, f * n); // frames are contiguous bits, no per-frame padding
    for (let i = 0; i < n; i++) data[i]! |= frame[i]!;
  }
  const refs = new Set<string>();
  for (const fg of (ds.PerFrameFunctionalGroupsSequence as Naturalized[] | undefined) ?? []) {
    for (const der of (fg.DerivationImageSequence as Naturalized[] | undefined) ?? []) {
      for (const s of (der.SourceImageSequence as Naturalized[] | undefined) ?? []) refs.add(text(s.ReferencedSOPInstanceUID));
    }
  }
  for (const rs of (ds.ReferencedSeriesSequence as Naturalized[] | undefined) ?? []) {
    for (const ri of (rs.ReferencedInstanceSequence as Naturalized[] | undefined) ?? []) refs.add(text(ri.ReferencedSOPInstanceUID));
  }
  refs.delete('');
  const segments = ((ds.SegmentSequence as Naturalized[] | undefined) ?? []).map((s) => ({
    number: Number(s.SegmentNumber),
    label: text(s.SegmentLabel),
    algorithmType: text(s.SegmentAlgorithmType),
  }));
  return { mask: { width: cols, height: rows, data }, frames, segments, referencedSopInstanceUids: [...refs] };
}
