import { dcmjs } from './dcmjsTypes';
import type { PhantomImage } from './generatePhantom';
import { phantomUid } from './phantomUid';

/** SOP Class: Computed Radiography Image Storage. */
export const CR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.1';
/** Explicit VR Little Endian. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of files written by this phantom (a fixed 2.25 UID). */
export const PHANTOM_IMPLEMENTATION_UID = '2.25.196813460711436640359617372617052917133';

export interface PhantomDicomInfo {
  /** Any string or number; with `index`, it determines every UID. */
  seed: string | number;
  index: number;
}

function ds(x: number): string {
  // DS: at most 16 characters
  const s = String(+x.toFixed(6));
  return s.length <= 16 ? s : x.toPrecision(10);
}

/** A study date per image, deterministic: 2024-01-01 plus `index` days. */
function studyDate(index: number): string {
  const d = new Date(Date.UTC(2024, 0, 1) + index * 86_400_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Encodes a phantom image as a DICOM Part 10 file: CR Image Storage, Explicit VR Little Endian, 16 bits
 * allocated, unsigned, with synthetic patient/study/series/SOP identity (PatientName PHANTOM^NNNN, UIDs
 * under 2.25 drawn from the seed), pixel spacing, window and the photometric interpretation of the image.
 * Deterministic: the same image and info give the same bytes.
 * @returns the file's bytes
 */
export function phantomDicom(img: PhantomImage, info: PhantomDicomInfo): Uint8Array {
  const num = String(info.index + 1).padStart(4, '0');
  const key = `${info.seed}/${info.index}`;
  const sopInstanceUid = phantomUid(`${key}/sop`);
  const date = studyDate(info.index);
  const pixelBytes = new Uint8Array(img.pixels.length * 2);
  const view = new DataView(pixelBytes.buffer);
  for (let i = 0; i < img.pixels.length; i++) view.setUint16(i * 2, img.pixels[i], true);
  const [rowSpacing, colSpacing] = img.pixelSpacingMm;

  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['DERIVED', 'SECONDARY'],
    SOPClassUID: CR_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: date,
    SeriesDate: date,
    ContentDate: date,
    StudyTime: '090000',
    SeriesTime: '090000',
    ContentTime: '090000',
    AccessionNumber: `PH${num}`,
    Modality: 'CR',
    Manufacturer: 'TagGAN Desk phantom',
    ReferringPhysicianName: '',
    StudyDescription: 'Synthetic chest phantom',
    SeriesDescription: `Chest PA phantom (${img.label})`,
    ManufacturerModelName: 'taggan phantom',
    DerivationDescription: 'Synthetic image rendered by taggan phantom; not a patient',
    BurnedInAnnotation: 'NO',
    PatientName: `PHANTOM^${num}`,
    PatientID: `PHANTOM-${num}`,
    PatientBirthDate: '',
    PatientSex: 'O',
    BodyPartExamined: 'CHEST',
    ViewPosition: 'PA',
    ImagerPixelSpacing: [ds(rowSpacing), ds(colSpacing)],
    StudyInstanceUID: phantomUid(`${key}/study`),
    SeriesInstanceUID: phantomUid(`${key}/series`),
    StudyID: `PH${num}`,
    SeriesNumber: '1',
    InstanceNumber: '1',
    PatientOrientation: ['L', 'F'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: img.photometric,
    Rows: img.height,
    Columns: img.width,
    PixelSpacing: [ds(rowSpacing), ds(colSpacing)],
    BitsAllocated: 16,
    BitsStored: img.bitsStored,
    HighBit: img.bitsStored - 1,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    WindowCenter: [ds(img.windowCenter)],
    WindowWidth: [ds(img.windowWidth)],
    VOILUTFunction: 'LINEAR',
    PixelData: [pixelBytes.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: CR_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: PHANTOM_IMPLEMENTATION_UID,
    ImplementationVersionName: 'TAGGAN_PHANTOM_1',
  });
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
