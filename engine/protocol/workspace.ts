/**
 * Records of the workspace store (what `Workspace` returns). Times are ISO-8601 UTC strings.
 * These hold patient-derived data (paths, UIDs): they stay in the engine and the desktop UI,
 * never in exports that are meant to be de-identified.
 */
import type { ImageFileFormat } from './image';
import type { ProposalParams, ProposalStats } from './model';

/**
 * Image-level labels. A workspace has an ordered list of classes (meta `labels`, default
 * DEFAULT_LABEL_CLASSES): the first is the normal class, every other one is a kind of abnormal.
 * Any image may also be labelled UNCERTAIN_LABEL, which training ignores.
 */
export const DEFAULT_LABEL_CLASSES = ['normal', 'abnormal'] as const;
export const UNCERTAIN_LABEL = 'uncertain';
/** The labels of a workspace with the default classes (kept for callers that list them). */
export const IMAGE_LABELS = [...DEFAULT_LABEL_CLASSES, UNCERTAIN_LABEL] as const;
/** One of the workspace's classes, or 'uncertain'. */
export type ImageLabel = string;
/** Most classes a workspace may have (the UI gives each a key). */
export const MAX_LABEL_CLASSES = 16;

/** What training learns from a label: the first class is normal, other classes abnormal, 'uncertain' (or unknown) nothing. */
export function trainingTarget(label: string | null, classes: readonly string[]): 'normal' | 'abnormal' | null {
  if (label === null || label === UNCERTAIN_LABEL) return null;
  const i = classes.indexOf(label);
  if (i < 0) return null;
  return i === 0 ? 'normal' : 'abnormal';
}

/** Why a class list is not acceptable, in words, or null when it is (2..16 distinct names, 1..64 characters). */
export function labelClassesProblem(names: readonly string[]): string | null {
  if (!Array.isArray(names) || names.length < 2) return 'a workspace needs at least two classes (the first is the normal class)';
  if (names.length > MAX_LABEL_CLASSES) return `at most ${MAX_LABEL_CLASSES} classes, got ${names.length}`;
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string' || n.trim() !== n || n.length < 1 || n.length > 64) return `class name "${String(n)}" must be 1..64 characters without leading/trailing spaces`;
    if (n === UNCERTAIN_LABEL || n === 'unlabelled') return `"${n}" is reserved and cannot be a class name`;
    if (seen.has(n)) return `class "${n}" is listed twice`;
    seen.add(n);
  }
  return null;
}

/** Review status of an image: its latest annotation's status, else `proposed` when a proposal exists, else `new`. */
export const IMAGE_STATUSES = ['new', 'proposed', 'accepted', 'edited', 'rejected', 'exported'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

/** Status an annotation version is saved with. */
export const ANNOTATION_STATUSES = ['accepted', 'edited', 'rejected', 'exported'] as const;
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

/**
 * Where an annotation's mask came from, which becomes the DICOM SEG SegmentAlgorithmType:
 * `automatic` = the proposal unchanged, `semiautomatic` = an edited proposal, `manual` = drawn without one.
 */
export type AnnotationOrigin = 'automatic' | 'semiautomatic' | 'manual';

/** An image's file format, as recognised by its content (one name with the viewer's ImageFileFormat). */
export type ImageFormat = ImageFileFormat;

export interface ImageRecord {
  id: number;
  /** Absolute path of the source file (never rewritten). */
  path: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  format: ImageFormat;
  width: number;
  height: number;
  modality: string | null;
  sopClassUid: string | null;
  sopInstanceUid: string | null;
  seriesInstanceUid: string | null;
  studyInstanceUid: string | null;
  /** [row spacing, column spacing] in mm, when the file gives a usable one. */
  pixelSpacing: [number, number] | null;
  status: ImageStatus;
  /** Current image-level label, or null when unlabelled. */
  label: ImageLabel | null;
  /** The latest proposal's doubt (0..1: how unsure the model is; see ProposalStats.doubt), null without one. */
  doubt: number | null;
  addedAt: string;
}

/** Which model a workspace's proposals come from: the weak-label TagGAN, the supervised segmenter, or both (union). */
export const PROPOSAL_MODEL_CHOICES = ['taggan', 'segmenter', 'fused'] as const;
export type ProposalModelChoice = (typeof PROPOSAL_MODEL_CHOICES)[number];

export interface LabelRecord {
  id: number;
  imageId: number;
  label: ImageLabel;
  author: string;
  createdAt: string;
}

export interface ProposalRecord {
  id: number;
  imageId: number;
  modelId: string;
  threshold: number;
  /** Stored JSON: a proposal written by an older version may lack fields. */
  params: Partial<ProposalParams>;
  stats: Partial<ProposalStats>;
  maskArea: number;
  hasMap: boolean;
  author: string;
  createdAt: string;
}

export interface AnnotationRecord {
  id: number;
  imageId: number;
  /** 1, 2, ... per image. */
  version: number;
  proposalId: number | null;
  origin: AnnotationOrigin;
  status: AnnotationStatus;
  maskArea: number;
  author: string;
  createdAt: string;
  note: string | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  /** e.g. image.add, label.set, proposal.save, annotation.save, export. */
  action: string;
  entity: string;
  entityId: number | null;
  imageId: number | null;
  beforeId: number | null;
  afterId: number | null;
  detail: Record<string, unknown> | null;
}

export interface WorkspaceStatus {
  dir: string;
  /** Opened read-only (a read-only folder or file system, or asked for): view and export only. */
  readOnly?: boolean;
  schemaVersion: number;
  images: number;
  /** The workspace's classes in order (first = the normal class); 'uncertain' is always allowed besides. */
  labels: string[];
  /** Count per class, plus 'uncertain' and 'unlabelled'. */
  byLabel: Record<string, number>;
  byStatus: Record<ImageStatus, number>;
  proposals: number;
  annotations: number;
}

export interface AddImagesResult {
  added: { id: number; path: string }[];
  duplicates: { path: string; existingId: number; existingPath: string }[];
  failed: { path: string; code: string; message: string }[];
  /** Files inside folders that are not DICOM/PNG/JPEG (skipped, not errors). */
  skipped: string[];
}

/** A mask as it crosses the protocol: 0/1 per pixel, row-major. */
export interface MaskPayload {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The latest proposal of an image, with the disease map when asked (the UI re-thresholds it live). */
export interface ProposalPayload {
  record: ProposalRecord;
  mask: MaskPayload;
  /** Disease map at the mask's size (map units: display intensity, image in [0, 1]). */
  map?: Float32Array;
}

export interface AnnotationPayload {
  record: AnnotationRecord;
  mask: MaskPayload;
}

export const EXPORT_FORMAT_NAMES = ['png', 'seg', 'coco', 'nifti'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

export interface ExportSummary {
  outDir: string;
  exported: number;
  files: string[];
  skipped: { imageId: number; reason: string }[];
  warnings: string[];
}
