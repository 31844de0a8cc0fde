/** Model, proposal and training messages (engine protocol). Pure types. */

/** taggan: the disease map; gradcam: the classifier's Grad-CAM; lungs: the whole lung field (a baseline). */
export type ProposalMethod = 'taggan' | 'gradcam' | 'lungs';
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
