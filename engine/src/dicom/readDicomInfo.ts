/**
 * Builds the patient-free DicomInfo of an image from a parsed data set, checking the pixel
 * geometry loudly (typed errors naming the file and the attribute).
 */
import type { DataSet } from 'dicom-parser';
import type { DicomInfo, PaletteLut, Photometric, PixelSpacing, Rescale, VoiLut, VoiWindow } from '../../protocol/dicom';
import { transferSyntaxName } from '../../protocol/dicom';
import { EngineError } from '../errors';
import { getNumberString, getNumberStrings, getString, getStrings, getUint16 } from './attrs';
import type { DicomDataset } from './readDicom';
import { MAX_FRAME_SAMPLES, MAX_FRAMES, MAX_TOTAL_SAMPLES } from '../util/limits';
import { readLut } from './readLut';
import { isLossyTransferSyntax } from './transferSyntax';

export { MAX_TOTAL_SAMPLES } from '../util/limits';

const PHOTOMETRICS: readonly Photometric[] = ['MONOCHROME1', 'MONOCHROME2', 'RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_RCT', 'YBR_ICT', 'PALETTE COLOR'];

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** The first item's data set of a sequence, or undefined. */
function firstItem(ds: DataSet | undefined, key: string): DataSet | undefined {
  return ds?.elements[key]?.items?.[0]?.dataSet;
}

/** Shared Functional Groups (5200,9229) > `seqKey` item, for enhanced multi-frame images. */
function sharedGroup(ds: DataSet, seqKey: string): DataSet | undefined {
  return firstItem(firstItem(ds, 'x52009229'), seqKey);
}

function readSpacing(ds: DataSet): PixelSpacing | undefined {
  const candidates: [DataSet | undefined, string, PixelSpacing['tag']][] = [
    [ds, 'x00280030', 'PixelSpacing'],
    [sharedGroup(ds, 'x00289110'), 'x00280030', 'PixelSpacing'],
    [ds, 'x00181164', 'ImagerPixelSpacing'],
    [ds, 'x00182010', 'NominalScannedPixelSpacing'],
  ];
  for (const [src, key, tag] of candidates) {
    if (!src) continue;
    const v = getNumberStrings(src, key);
    if (v.length >= 2 && v[0]! > 0 && v[1]! > 0 && Number.isFinite(v[0]) && Number.isFinite(v[1])) {
      return { row: v[0]!, column: v[1]!, tag };
    }
  }
  return undefined;
}

function readRescale(ds: DataSet): Rescale {
  const src = ds.elements.x00281053 ? ds : (sharedGroup(ds, 'x00289145') ?? ds);
  const slope = getNumberString(src, 'x00281053');
  const intercept = getNumberString(src, 'x00281052');
  const type = getString(src, 'x00281054');
  const r: Rescale = {
    slope: slope !== undefined && slope !== 0 ? slope : 1,
    intercept: intercept ?? 0,
  };
  if (type) r.type = type;
  return r;
}

function readWindows(ds: DataSet): VoiWindow[] {
  const src = ds.elements.x00281050 ? ds : (sharedGroup(ds, 'x00289132') ?? ds);
  const centers = getNumberStrings(src, 'x00281050');
  const widths = getNumberStrings(src, 'x00281051');
  const expl = getStrings(src, 'x00281055');
  const out: VoiWindow[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const center = centers[i]!;
    const width = widths[i]!;
    if (!Number.isFinite(center) || !Number.isFinite(width) || width <= 0) continue;
    const w: VoiWindow = { center, width };
    if (expl[i]) w.explanation = expl[i];
    out.push(w);
  }
  return out;
}

function readVoiLuts(ds: DataSet, signed: boolean): VoiLut[] {
  const items = ds.elements.x00283010?.items ?? [];
  const out: VoiLut[] = [];
  for (const item of items) {
    if (!item.dataSet) continue;
    const lut = readLut(item.dataSet, 'x00283002', 'x00283006', signed);
    if (!lut) continue;
    const v: VoiLut = { firstMapped: lut.firstMapped, bitsPerEntry: lut.bitsPerEntry, data: lut.data };
    const e = getString(item.dataSet, 'x00283003');
    if (e) v.explanation = e;
    out.push(v);
  }
  return out;
}

function readPalette(ds: DataSet, file: string): PaletteLut {
  const r = readLut(ds, 'x00281101', 'x00281201', false);
  const g = readLut(ds, 'x00281102', 'x00281202', false);
  const b = readLut(ds, 'x00281103', 'x00281203', false);
  if (!r || !g || !b) {
    const segmented = ds.elements.x00281221 !== undefined;
    throw new EngineError(
      segmented ? 'UNSUPPORTED_IMAGE' : 'CORRUPT',
      segmented
        ? 'PALETTE COLOR with segmented palette LUTs is not supported'
        : 'PALETTE COLOR image without readable Red/Green/Blue Palette Color LUTs (0028,1101-1103 / 1201-1203)',
      file,
    );
  }
  return { firstMapped: r.firstMapped, bitsPerEntry: r.bitsPerEntry, red: r.data, green: g.data, blue: b.data };
}

function requireUint(ds: DataSet, key: string, label: string, file: string): number {
  const v = getUint16(ds, key);
  if (v === undefined) throw new EngineError('CORRUPT', `missing or unreadable ${label} (${key.slice(1, 5)},${key.slice(5)})`, file);
  return v;
}

/**
 * Refuses (UNSUPPORTED_IMAGE, naming the cap) an image larger than the decoder's caps: frames, samples per
 * frame, samples over all frames. Called before any pixel buffer is allocated.
 */
export function checkImageSize(columns: number, rows: number, samplesPerPixel: number, frames: number, file: string): void {
  const perFrame = rows * columns * samplesPerPixel;
  if (frames > MAX_FRAMES) {
    throw new EngineError('UNSUPPORTED_IMAGE', `image too large: ${frames} frames (the limit is ${MAX_FRAMES})`, file);
  }
  if (perFrame > MAX_FRAME_SAMPLES) {
    throw new EngineError(
      'UNSUPPORTED_IMAGE',
      `image too large: ${columns}x${rows}x${samplesPerPixel} samples per frame (the limit is ${MAX_FRAME_SAMPLES} samples, about 5792x5792 grey)`,
      file,
    );
  }
  if (perFrame * frames > MAX_TOTAL_SAMPLES) {
    throw new EngineError(
      'UNSUPPORTED_IMAGE',
      `image too large: ${columns}x${rows}x${samplesPerPixel} samples x ${frames} frames (the limit is ${MAX_TOTAL_SAMPLES} samples over all frames)`,
      file,
    );
  }
}

/**
 * Describes the image in `d`. Throws NO_PIXEL_DATA when there is no Pixel Data (7FE0,0010),
 * UNSUPPORTED_IMAGE for layouts the decoder does not handle, CORRUPT for inconsistent geometry.
 */
export function readDicomInfo(d: DicomDataset): DicomInfo {
  const { dataSet: ds, fileName: file } = d;
  if (!ds.elements.x7fe00010) {
    if (ds.elements.x7fe00008 || ds.elements.x7fe00009) {
      throw new EngineError('UNSUPPORTED_IMAGE', 'Float/Double Float Pixel Data is not supported', file);
    }
    const sop = getString(ds, 'x00080016');
    throw new EngineError('NO_PIXEL_DATA', `the file has no Pixel Data (7FE0,0010)${sop ? ` (SOP Class ${sop})` : ''}`, file);
  }
  const rows = requireUint(ds, 'x00280010', 'Rows', file);
  const columns = requireUint(ds, 'x00280011', 'Columns', file);
  if (rows === 0 || columns === 0) throw new EngineError('CORRUPT', `image size ${columns}x${rows} has a zero side`, file);
  const bitsAllocated = requireUint(ds, 'x00280100', 'Bits Allocated', file);
  if (![1, 8, 16, 32].includes(bitsAllocated)) {
    throw new EngineError('UNSUPPORTED_IMAGE', `Bits Allocated ${bitsAllocated} is not supported (1, 8, 16, 32 are)`, file);
  }
  const bitsStored = getUint16(ds, 'x00280101') ?? bitsAllocated;
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new EngineError('CORRUPT', `Bits Stored ${bitsStored} does not fit Bits Allocated ${bitsAllocated}`, file);
  }
  let highBit = getUint16(ds, 'x00280102') ?? bitsStored - 1;
  if (highBit >= bitsAllocated || highBit < bitsStored - 1) highBit = bitsStored - 1;
  const prRaw = getUint16(ds, 'x00280103') ?? 0;
  if (prRaw !== 0 && prRaw !== 1) throw new EngineError('CORRUPT', `Pixel Representation ${prRaw} is neither 0 nor 1`, file);
  const pixelRepresentation = prRaw as 0 | 1;
  if (bitsAllocated === 32 && bitsStored === 32 && pixelRepresentation === 0) {
    throw new EngineError('UNSUPPORTED_IMAGE', 'unsigned 32-bit stored values do not fit the int32 output', file);
  }
  const samplesPerPixel = getUint16(ds, 'x00280002') ?? 1;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw new EngineError('UNSUPPORTED_IMAGE', `Samples per Pixel ${samplesPerPixel} is not supported (1 or 3 are)`, file);
  }
  const pmRaw = getString(ds, 'x00280004')?.toUpperCase();
  const photometric = (pmRaw ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')) as Photometric;
  if (!PHOTOMETRICS.includes(photometric)) {
    throw new EngineError('UNSUPPORTED_IMAGE', `Photometric Interpretation "${pmRaw}" is not supported`, file);
  }
  const wantSamples = photometric.startsWith('MONOCHROME') || photometric === 'PALETTE COLOR' ? 1 : 3;
  if (wantSamples !== samplesPerPixel) {
    throw new EngineError('CORRUPT', `Photometric Interpretation ${photometric} with Samples per Pixel ${samplesPerPixel}`, file);
  }
  if (bitsAllocated === 1 && samplesPerPixel !== 1) {
    throw new EngineError('UNSUPPORTED_IMAGE', 'Bits Allocated 1 is only supported for single-sample images', file);
  }
  const planarConfiguration = (samplesPerPixel === 3 && getUint16(ds, 'x00280006') === 1 ? 1 : 0) as 0 | 1;
  const framesStr = getString(ds, 'x00280008');
  let frames = 1;
  if (framesStr !== undefined) {
    frames = Number(framesStr);
    if (!Number.isInteger(frames) || frames < 1) {
      throw new EngineError('CORRUPT', `Number of Frames "${framesStr}" is not a positive integer`, file);
    }
  }
  checkImageSize(columns, rows, samplesPerPixel, frames, file);
  const ts = d.transferSyntaxUid;
  const lossy = isLossyTransferSyntax(ts) || getString(ds, 'x00282110') === '01';
  const lutFn = getString(ds, 'x00281056')?.toUpperCase();
  const info: DicomInfo = {
    fileName: baseName(file),
    rows,
    columns,
    frames,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    photometric,
    planarConfiguration,
    transferSyntaxUid: ts,
    transferSyntaxName: transferSyntaxName(ts),
    lossy,
    rescale: readRescale(ds),
    windows: readWindows(ds),
    voiLuts: readVoiLuts(ds, pixelRepresentation === 1),
    voiLutFunction: lutFn === 'LINEAR_EXACT' || lutFn === 'SIGMOID' ? lutFn : 'LINEAR',
  };
  const modality = getString(ds, 'x00080060');
  if (modality) info.modality = modality;
  const sop = getString(ds, 'x00080016');
  if (sop) info.sopClassUid = sop;
  const spacing = readSpacing(ds);
  if (spacing) info.spacing = spacing;
  if (photometric === 'PALETTE COLOR') info.palette = readPalette(ds, file);
  const view = getString(ds, 'x00185101');
  if (view) info.viewPosition = view;
  const body = getString(ds, 'x00180015');
  if (body) info.bodyPartExamined = body;
  const intent = getString(ds, 'x00080068');
  if (intent) info.presentationIntent = intent;
  return info;
}
