/** Model, proposal and training messages (engine protocol). Pure types. */

/**
 * taggan: the disease map; gradcam: the classifier's Grad-CAM; lungs: the whole lung field (a baseline);
 * segmenter: the workspace's supervised model (trained on accepted masks); fused: the union of segmenter and taggan.
 */
export type ProposalMethod = 'taggan' | 'gradcam' | 'lungs' | 'segmenter' | 'fused';
export type ThresholdOption = 'auto' | 'otsu' | number;

/** What a model folder's metadata.json says, as the UI shows it. */
export interface ModelSummary {
  /** Stable id recorded with every proposal. */
  id: string;
  dir: string;
  inputSize: number;
  hasClassifier: boolean;
  /** Training data description, steps, backend, time, figures: straight from metadata.json. */
  metadata: Record<string, unknown>;
  /** What users must know wherever the model is used (its evaluation's caveat), e.g. that it does not localise lesions. */
  caveat?: string;
}

export interface RegionSummary {
  id: number;
  bbox: { x: number; y: number; w: number; h: number };
  area: number;
  /** Mean map value in the region. */
  score: number;
}

export interface ProposalRunResult {
  model: string;
  proposals: { imageId: number; proposalId: number; threshold: number | null; maskArea: number; regions: RegionSummary[]; probability?: number }[];
  failed: { imageId: number; code: string; message: string }[];
}

export interface TrainProgressData {
  step: number;
  totalSteps: number;
  /** Loss name -> value at this step (e.g. G, D_N, D_A, cycle, identity, cls). */
  losses: Record<string, number>;
  imagesPerSec: number;
  etaSec: number;
}

export interface TrainResult {
  modelDir: string;
  model: ModelSummary;
  steps: number;
  seconds: number;
}

/** The workspace's supervised segmenter (WS/models/segmenter), as the UI shows it. */
export interface SegmenterSummary {
  /** Recorded with every proposal it makes: segmenter@STEP-weightshash. */
  id: string;
  dir: string;
  steps: number;
  trainedAt: string;
  /** Clinician masks (accepted + edited), normal images (empty targets) and soft targets it learnt from. */
  masks: number;
  normals: number;
  soft: number;
  /** The weights it started from (e.g. models/lungs), or null. */
  initFrom: string | null;
  seconds: number;
  imagesPerSec: number;
}

export interface SegTrainResult {
  segmenter: SegmenterSummary;
  /** Where the previous segmenter was kept, or null. */
  previous: string | null;
  /** Images left out because they could not be read. */
  skipped: { imageId: number; path: string; message: string }[];
  seconds: number;
}
