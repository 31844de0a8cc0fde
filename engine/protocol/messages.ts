/**
 * The engine protocol: the one contract between the engine and anything that talks to it (the renderer
 * over a MessagePort or WebSocket, tests in-process). Pure types; imports nothing from Node, DOM or Electron.
 *
 * A client sends requests `{kind:'request', id, method, params}` and may cancel one by id. The engine answers
 * each request with exactly one `result` or `error`, possibly preceded by `progress` events. Typed arrays cross
 * the boundary as they are (transferred or copied by the transport), never tensors.
 */
import type { BackendName, BackendReport } from './backend';
import type { EngineErrorPayload } from './errors';
import type { FsListing, FsPlaces, ScanProgress, ScanResult } from './fs';
import type { OpenedImage } from './image';
import type { ImageSource, PacsConnectParams, PacsConnection, PacsImportResult, PacsSendResult, PacsSeries, PacsStudy, PacsStudyQuery } from './pacs';
import type { SampleWorkspaceResult } from './samples';
import type { LungFieldResult } from './lungs';
import type { ModelSummary, ProposalMethod, ProposalRunResult, SegmenterSummary, SegTrainResult, ThresholdOption, TrainProgressData, TrainResult } from './model';
import type {
  AddImagesResult, AnnotationPayload, AnnotationRecord, AnnotationStatus, AuditEvent, ExportFormatName, ExportSummary,
  ImageLabel, ImageRecord, ImageStatus, LabelRecord, ProposalModelChoice, ProposalPayload, WorkspaceStatus,
} from './workspace';

export interface Hello {
  name: 'TagGAN Desk engine';
  version: string;
  protocol: number;
  /** The TF.js backend in use, why, and what else was tried. */
  backend: BackendReport;
  /** Backends that loaded when probed, best first. */
  available: BackendName[];
  node: string;
  pid: number;
  platform: string;
}

/** Progress of a long job. `done`/`total` in units of `unit`; `data` is method-specific. */
export interface Progress<D = undefined> {
  stage: string;
  done: number;
  total: number;
  unit?: string;
  message?: string;
  data?: D;
}

/**
 * Every method: its params, its result and the `data` its progress events carry (never if none).
 * Feature modules add their methods here.
 */
export interface Methods {
  hello: { params: Record<string, never>; result: Hello; progress: never };
  /** Asks the engine to finish open work and exit. */
  shutdown: { params: Record<string, never>; result: { ok: true }; progress: never };
  /** Counts down `ms` in `steps` progress events; used to test progress and cancellation end to end. */
  'debug.sleep': { params: { ms: number; steps: number }; result: { slept: number }; progress: never };
  /** Decodes one frame of an image file (DICOM, PNG, JPEG) for the viewer: stored values + what displays them. */
  'image.open': { params: { path: string; frame?: number }; result: OpenedImage; progress: never };
  /**
   * The image as the model sees it ([0, 1] display intensity -> 0..255: VOI applied, MONOCHROME1 inverted), shrunk
   * to fit `maxSide` (never enlarged). Thumbnails, and the base of the healthy counterpart (image - disease map).
   */
  'image.thumbnail': {
    params: { path: string; maxSide: number };
    result: { width: number; height: number; sourceWidth: number; sourceHeight: number; data: Uint8Array };
    progress: never;
  };
  /**
   * The lung fields of an image file (DICOM, PNG, JPEG) from the lung-field model (`modelDir`, default
   * models/lungs), at the image's own size. MODEL error when no lung model is installed.
   */
  'lungs.segment': { params: { path: string; frame?: number; modelDir?: string }; result: LungFieldResult; progress: never };
  /** Where the in-app file browser starts. */
  'fs.places': { params: Record<string, never>; result: FsPlaces; progress: never };
  /** One folder's entries for the in-app file browser (files sniffed for image formats). */
  'fs.list': { params: { dir: string; hidden?: boolean }; result: FsListing; progress: never };
  /** Image files under a folder (recursive, by content sniffing) or referenced by a DICOMDIR file. */
  'fs.scan': { params: { path: string; maxFiles?: number }; result: ScanResult; progress: ScanProgress };

  /** Opens (or with `create`, creates) the workspace folder; one workspace per engine at a time. */
  /** `dir` must be absolute (BAD_REQUEST otherwise): the engine's working folder is nobody's business. */
  'workspace.open': { params: { dir: string; create?: boolean; actor?: string; readOnly?: boolean }; result: WorkspaceStatus; progress: never };
  'workspace.close': { params: Record<string, never>; result: { ok: true }; progress: never };
  'workspace.status': { params: Record<string, never>; result: WorkspaceStatus; progress: never };
  /** Adds files and folders (by reference and hash; duplicates skipped, bad files reported by name). */
  'workspace.add': { params: { paths: string[] }; result: AddImagesResult; progress: never };
  'workspace.images': { params: { status?: ImageStatus; label?: ImageLabel }; result: ImageRecord[]; progress: never };
  /** Sets the image-level label (what training learns from). Acknowledged after it is committed. */
  'workspace.label': { params: { imageId: number; label: ImageLabel }; result: LabelRecord; progress: never };
  /** Replaces the workspace's ordered class list (first = the normal class); refused while a dropped class labels images. */
  'workspace.labels': { params: { labels: string[] }; result: WorkspaceStatus; progress: never };
  'workspace.audit': { params: { imageId?: number; limit?: number }; result: AuditEvent[]; progress: never };
  'proposal.latest': { params: { imageId: number; withMap?: boolean }; result: ProposalPayload | null; progress: never };
  /** Saves a new version of the clinician's mask. Acknowledged only after it is committed. */
  'annotation.save': {
    params: { imageId: number; width: number; height: number; mask: Uint8Array; status: Exclude<AnnotationStatus, 'exported'>; proposalId?: number; note?: string };
    result: AnnotationRecord;
    progress: never;
  };
  'annotation.latest': { params: { imageId: number }; result: AnnotationPayload | null; progress: never };
  /** The model a proposal would use: `dir`, else the workspace's latest trained model, else the default model. */
  'model.info': { params: { dir?: string }; result: ModelSummary | null; progress: never };
  /** Runs the model on workspace images and stores each proposal (AI-original mask + disease map). */
  'proposal.run': {
    params: {
      imageIds: number[]; method?: ProposalMethod; threshold?: ThresholdOption; minArea?: number; useCam?: boolean; modelDir?: string;
      /** Restrict the map to the lung fields (models/lungs) grown by `lungMargin` (default true when a lung model is installed). */
      lungPrior?: boolean;
      /** Margin around the lung fields, a fraction of the image's side (default 0.03). */
      lungMargin?: number;
    };
    result: ProposalRunResult;
    progress: { imageId: number };
  };
  /**
   * Trains on the workspace's labelled images (image-level labels only) into `modelDir` (default
   * WORKSPACE/models/latest). Cancel = stop after the current step with a checkpoint; `resume` continues.
   */
  'train.start': {
    params: { modelDir?: string; size?: number; steps?: number; batch?: number; seed?: number; quick?: boolean; resume?: boolean; adversarial?: 'lsgan' | 'wgan-gp' };
    result: TrainResult;
    progress: TrainProgressData;
  };
  /** The workspace's supervised segmenter, or null before one is trained. */
  'seg.info': { params: Record<string, never>; result: SegmenterSummary | null; progress: never };
  /**
   * Trains the segmenter on the workspace's accepted and edited masks (+ normal images as empty targets, + with
   * softWeight > 0 the latest proposals of abnormal images without a mask) into WS/models/segmenter, keeping the
   * previous one. Cancel = checkpoint in models/segmenter.training; `resume` continues it.
   */
  'seg.train': {
    params: { steps?: number; softWeight?: number; resume?: boolean };
    result: SegTrainResult;
    progress: TrainProgressData;
  };
  /** Reads (no `choice`) or sets which model the workspace's proposals come from when proposal.run names no method. */
  'workspace.proposalModel': { params: { choice?: ProposalModelChoice }; result: { choice: ProposalModelChoice; segmenter: SegmenterSummary | null }; progress: never };
  'export.run': {
    params: { outDir: string; formats: ExportFormatName[]; statuses?: ImageStatus[]; deidentify?: boolean; markExported?: boolean };
    result: ExportSummary;
    progress: never;
  };
  /** Where a workspace image came from (a DICOMweb server's study/series/instance), or null for a local file. */
  'workspace.imageSource': { params: { imageId: number }; result: ImageSource | null; progress: never };

  /**
   * Creates a workspace in `dir` (default: a new folder under ~/TagGAN Desk) from the sample radiographs shipped
   * with the app, labels them, runs the default model's proposals on the abnormal ones and leaves it open.
   */
  'samples.create': { params: { dir?: string }; result: SampleWorkspaceResult; progress: never };

  /** Connects to a DICOMweb server (checked with a QIDO-RS query); credentials stay in the engine. */
  'pacs.connect': { params: PacsConnectParams; result: PacsConnection; progress: never };
  'pacs.status': { params: Record<string, never>; result: PacsConnection; progress: never };
  /** Forgets the connection and its credentials. */
  'pacs.disconnect': { params: Record<string, never>; result: PacsConnection; progress: never };
  /** QIDO-RS: studies matching the query. */
  'pacs.searchStudies': { params: PacsStudyQuery; result: PacsStudy[]; progress: never };
  /** QIDO-RS: the series of a study. */
  'pacs.series': { params: { studyInstanceUid: string }; result: PacsSeries[]; progress: never };
  /** WADO-RS: retrieves series into the open workspace, one committed image at a time (cancel keeps what arrived). */
  'pacs.import': { params: { studyInstanceUid: string; seriesInstanceUids?: string[] }; result: PacsImportResult; progress: never };
  /** STOW-RS: sends the accepted/edited masks of the open workspace as DICOM SEG (optionally de-identified first). */
  'pacs.send': { params: { deidentify?: boolean; statuses?: ImageStatus[] }; result: PacsSendResult; progress: never };
}

export type Method = keyof Methods;
export type ParamsOf<M extends Method> = Methods[M]['params'];
export type ResultOf<M extends Method> = Methods[M]['result'];
export type ProgressDataOf<M extends Method> = Methods[M]['progress'];

export type RequestOf<M extends Method> = { kind: 'request'; id: number; method: M; params: ParamsOf<M> };
export type Request = { [M in Method]: RequestOf<M> }[Method];

/** Cancels the open request `id` (its answer will be an error with code CANCELLED). */
export interface Cancel {
  kind: 'cancel';
  id: number;
}

export type ClientMessage = Request | Cancel;

export type ResultMessage = { [M in Method]: { kind: 'result'; id: number; method: M; value: ResultOf<M> } }[Method];
export interface ErrorMessage {
  kind: 'error';
  id: number;
  error: EngineErrorPayload;
}
export interface ProgressMessage {
  kind: 'progress';
  id: number;
  progress: Progress<unknown>;
}
/** Unsolicited news from the engine or its host (e.g. the engine restarted after a crash). */
export interface NoticeMessage {
  kind: 'notice';
  notice: EngineNotice;
}
export type EngineNotice =
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'engine-exit'; reason: EngineExitReason; restartInMs: number | null };

/**
 * Electron main -> the engine utility process (its parent port): a window connects. The window's own
 * MessagePort rides along as the message's one transferred port; the engine then speaks this protocol on it.
 */
export interface ConnectMessage {
  type: 'connect';
}

export function isConnectMessage(x: unknown): x is ConnectMessage {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'connect';
}

/** Why an engine process ended: a closed union, as the host reports it. */
export type EngineExitReason =
  | { kind: 'clean' }
  | { kind: 'crashed'; exitCode: number | null; signal: string | null }
  | { kind: 'killed' }
  | { kind: 'launch-failed'; message: string }
  | { kind: 'out-of-memory' };

export type ServerMessage = ResultMessage | ErrorMessage | ProgressMessage | NoticeMessage;

/** Cheap structural check for anything arriving from outside the engine. */
export function isClientMessage(x: unknown): x is ClientMessage {
  if (!x || typeof x !== 'object') return false;
  const m = x as { kind?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (!Number.isSafeInteger(m.id)) return false;
  if (m.kind === 'cancel') return true;
  return m.kind === 'request' && typeof m.method === 'string' && typeof m.params === 'object' && m.params !== null;
}

export function isServerMessage(x: unknown): x is ServerMessage {
  if (!x || typeof x !== 'object') return false;
  const k = (x as { kind?: unknown }).kind;
  return k === 'result' || k === 'error' || k === 'progress' || k === 'notice';
}
