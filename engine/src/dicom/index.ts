/** Public surface of the DICOM module (what the rest of the engine imports). */
export { readDicom, type DicomDataset, type ReadDicomOptions } from './readDicom';
export { readDicomInfo, MAX_TOTAL_SAMPLES } from './readDicomInfo';
export { readDicomHeader, headerOf, HEADER_ATTRIBUTES, type DicomHeader, type HeaderKeyword } from './readDicomHeader';
export { decodeDicom, decodeDicomDataset, type DecodeDicomOptions } from './decodeDicom';
export { readDicomFile, readDicomInfoFile, readDicomHeaderFile, readFileBytes } from './readDicomFile';
export { frameToGray, type FrameGray } from './frameToGray';
export { rescale } from './voi/rescale';
export { applyWindow } from './voi/applyWindow';
export { applyVoiLut } from './voi/applyVoiLut';
export { applyVoi, chooseVoi, type ApplyVoiOptions, type VoiChoice } from './voi/applyVoi';
export { transferSyntaxSpec, isLossyTransferSyntax } from './transferSyntax';
export { toInt32LE } from './toInt32LE';
