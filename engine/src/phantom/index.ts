/** The synthetic chest phantom: pure generator, DICOM/PNG encoders and the set writer. */
export { generatePhantom, type PhantomImage, type PhantomLesion, type PhantomOptions } from './generatePhantom';
export { phantomDicom, CR_IMAGE_STORAGE, EXPLICIT_VR_LITTLE_ENDIAN, type PhantomDicomInfo } from './phantomDicom';
export { encodeMaskPng } from './encodeMaskPng';
export { phantomLabels } from './phantomLabels';
export { phantomUid } from './phantomUid';
export { createPrng, type Prng } from './prng';
export { writePhantomSet, phantomStem, type PhantomSetEntry, type PhantomSetResult, type WritePhantomSetOptions } from './writePhantomSet';
