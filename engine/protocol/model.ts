/** Model, proposal and training messages (engine protocol). Pure types. */

/**
 * taggan: the disease map; gradcam: the classifier's Grad-CAM; lungs: the whole lung field (a baseline);
 * segmenter: the workspace's supervised model (trained on accepted masks); fused: the union of segmenter and taggan.
 */
export const PROPOSAL_METHODS = ['taggan', 'gradcam', 'lungs', 'segmenter', 'fused'] as const;
export type ProposalMethod = (typeof PROPOSAL_METHODS)[number];

/**
 * How a map becomes a mask: 'auto' (TBVA-GAN's rule with the calibrated floor), 'otsu', or a number (a manual
 * threshold in map units). The one spelling of the option in the app, the engine and the CLI.
 */
export type ThresholdOption = 'auto' | 'otsu' | number;

/** Which rule produced a proposal's threshold. */
export type ThresholdMethod = 'auto' | 'otsu' | 'manual';

/** The lung-field prior a proposal's map was restricted with: the lung model's id and the grown margin. */
export interface LungPriorRecord {
  model: string;
  margin: number;
}

/** What a stored proposal was made with (its `params`, stored as JSON). */
export interface ProposalParams {
  method: ProposalMethod;
  threshold: ThresholdOption;
  /** null: the default, defaultMinArea(width, height). */
  minArea: number | null;
  useCam: boolean;
  /** What the map is, in words. */
  map: string;
  /** The automatic threshold's floor from the model's calibration (null: the default floor). */
  calibratedFloor: number | null;
  lungPrior: LungPriorRecord | null;
  /** The lung prior the model was calibrated with (null: none or not calibrated). */
  calibrationLungPrior: LungPriorRecord | null;
  /** segmenter / fused: the segmenter's id; fused also the TagGAN model's. */
  segmenter?: string;
  taggan?: string;
}

/** What a stored proposal came out as (its `stats`, stored as JSON). */
export interface ProposalStats {
  regions: RegionSummary[];
  /** P(abnormal) from the model's classifier (null: none). */
  probability: number | null;
  modelMs: number;
  thresholdMethod: ThresholdMethod;
  /** No map value exceeded the floor: an empty mask. */
  belowFloor: boolean;
  /** How unsure the proposal is, 0..1 (the worklist's "most doubtful first"); see doubtKind. */
  doubt?: number;
  /**
   * entropy: the segmenter's mean binary entropy of P(lesion); disagreement: 1 - Dice between the segmenter's and
   * TagGAN's masks (fused); borderline: the share of the map's responding pixels within a factor of two of the threshold.
   */
  doubtKind?: 'entropy' | 'disagreement' | 'borderline';
}

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
