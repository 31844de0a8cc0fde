/**
 * The header attributes the store and the exporters need from a source DICOM image, read with dcmjs.
 * (The DICOM engineer's readDicomHeader can replace this once it lands; the shape here is ours.)
 * Contains patient identifiers: keep it inside the engine.
 */
import { readDicom } from '../dicom/readDicom';
import { headerOf } from '../dicom/readDicomHeader';
import { EngineError } from '../errors';
import { dcmjs, type DcmDicomDict, type Naturalized } from '../dicom/dcmjs';
import { readDcmjsText } from './readDcmjsText';

export interface SourceHeader {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid?: string;
  modality?: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  /** [row spacing, column spacing] mm from PixelSpacing, else ImagerPixelSpacing; only when both > 0. */
  pixelSpacing?: [number, number];
  pixelSpacingSource?: 'PixelSpacing' | 'ImagerPixelSpacing';
  /** Patient Orientation (0020,0020), e.g. ["L", "F"]. */
  patientOrientation?: string[];
  hasPixelData: boolean;
  transferSyntaxUid: string;
  /** The whole naturalized data set (meta header in `_meta`), for copying patient/study modules. */
  dataset: Naturalized;
  /** The dcmjs dict form (for de-identifying a copy of the image). */
  dicomDict: DcmDicomDict;
}

function str(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[0];
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

function spacing(v: unknown): [number, number] | undefined {
  if (!Array.isArray(v) || v.length < 2) return undefined;
  const r = Number(v[0]);
  const c = Number(v[1]);
  return Number.isFinite(r) && Number.isFinite(c) && r > 0 && c > 0 ? [r, c] : undefined;
}

function isDicomPart10(buf: Uint8Array): boolean {
  return buf.length >= 132 && buf[128] === 0x44 && buf[129] === 0x49 && buf[130] === 0x43 && buf[131] === 0x4d;
}

/** Parses a DICOM Part 10 file's header. Throws NOT_DICOM / CORRUPT / NO_PIXEL_DATA-free: callers decide. */
export function readSourceHeader(buf: Uint8Array, file: string): SourceHeader {
  if (!isDicomPart10(buf)) throw new EngineError('NOT_DICOM', 'no DICM marker at byte 128 (not a DICOM Part 10 file)', file);
  // The engine's own parser first: it applies the inflate cap (dcmjs's inflate has none) and types structural
  // damage; dcmjs then only sees data sets that parse and inflate within the limits.
  const parsed = readDicom(buf, file);
  let dd: DcmDicomDict;
  try {
    dd = readDcmjsText(buf, parsed);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new EngineError(/end of|buffer|range|offset/i.test(msg) ? 'TRUNCATED' : 'CORRUPT', `cannot parse DICOM: ${msg}`, file);
  }
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dd.dict);
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dd.meta);
  const need = (name: string): string => {
    const v = str(ds[name]);
    if (!v) throw new EngineError('CORRUPT', `missing ${name}`, file);
    return v;
  };
  // Geometry as the engine's own parser reads it (the decoder and the import use the same), so an image the
  // import admitted is never refused here (dcmjs turns a US with a damaged VR into UN bytes).
  const geometry = headerOf(parsed);
  const rows = Number(geometry.Rows);
  const columns = Number(geometry.Columns);
  if (!(rows > 0) || !(columns > 0)) throw new EngineError('UNSUPPORTED_IMAGE', `no usable Rows/Columns (${ds.Rows}x${ds.Columns})`, file);
  const ps = spacing(ds.PixelSpacing);
  const ips = ps ? undefined : spacing(ds.ImagerPixelSpacing);
  const po = ds.PatientOrientation;
  return {
    sopClassUid: need('SOPClassUID'),
    sopInstanceUid: need('SOPInstanceUID'),
    studyInstanceUid: need('StudyInstanceUID'),
    seriesInstanceUid: need('SeriesInstanceUID'),
    frameOfReferenceUid: str(ds.FrameOfReferenceUID),
    modality: str(ds.Modality),
    rows,
    columns,
    numberOfFrames: Number(geometry.NumberOfFrames ?? 1) || 1,
    pixelSpacing: ps ?? ips,
    pixelSpacingSource: ps ? 'PixelSpacing' : ips ? 'ImagerPixelSpacing' : undefined,
    patientOrientation: Array.isArray(po) ? po.map((x) => String(x)) : typeof po === 'string' ? po.split('\\') : undefined,
    hasPixelData: ds.PixelData !== undefined || ds.FloatPixelData !== undefined || ds.DoubleFloatPixelData !== undefined,
    transferSyntaxUid: str(meta.TransferSyntaxUID) ?? '1.2.840.10008.1.2.1',
    dataset: ds,
    dicomDict: dd,
  };
}
