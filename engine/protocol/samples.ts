/** The sample workspace ("Try the samples", `taggan demo`). Pure types. */
import type { WorkspaceStatus } from './workspace';

export interface SampleWorkspaceResult {
  status: WorkspaceStatus;
  /** Images imported from the shipped samples (samples/README.md says where each is from). */
  images: number;
  /** Images labelled per class. */
  labelled: Record<string, number>;
  /** The model that proposed, and its caveat when it has one (models/default has). */
  model: string | null;
  caveat: string | null;
  /** One entry per proposed image: how much it found. */
  proposals: { imageId: number; maskArea: number; regions: number; probability: number | null }[];
  /** Images the model could not propose for, with the reason. */
  failed: { imageId: number; code: string; message: string }[];
  /** Where the images come from and how to cite them (from samples/README.md). */
  attribution: string;
}
