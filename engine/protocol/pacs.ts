/**
 * DICOMweb (QIDO-RS search, WADO-RS retrieve, STOW-RS store) as the engine protocol sees it. Pure types.
 *
 * Credentials go from the client to the engine once (`pacs.connect`) and stay in the engine's memory: no
 * result carries them back, and the workspace stores only the server's URL (without user info) and, per
 * imported image, where it came from.
 */

/** How to authenticate to the server: none, HTTP basic, or a bearer token. */
export type PacsAuth = { kind: 'none' } | { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

export interface PacsConnectParams {
  /** The DICOMweb root, e.g. `https://pacs.example.org/dicom-web` (no user info in it). */
  url: string;
  auth?: PacsAuth;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
}

/** What the client may know about the connection: the server and who we are, never the secret. */
export interface PacsConnection {
  connected: boolean;
  /** The server's DICOMweb root, without credentials. */
  url: string | null;
  /** "alice" (basic), "a bearer token" or "anonymous"; null when not connected. */
  as: string | null;
}

/** QIDO-RS study search; every field optional; `*` wildcards allowed where DICOM allows them. */
export interface PacsStudyQuery {
  patientName?: string;
  patientId?: string;
  /** YYYYMMDD or a range YYYYMMDD-YYYYMMDD. */
  studyDate?: string;
  /** ModalitiesInStudy, e.g. CR or DX. */
  modality?: string;
  accessionNumber?: string;
  limit?: number;
}

export interface PacsStudy {
  studyInstanceUid: string;
  patientName: string | null;
  patientId: string | null;
  studyDate: string | null;
  accessionNumber: string | null;
  description: string | null;
  modalities: string[];
  seriesCount: number | null;
  instanceCount: number | null;
}

export interface PacsSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string | null;
  description: string | null;
  seriesNumber: number | null;
  instanceCount: number | null;
}

/** Where an image in the workspace came from (stored per image; no credentials). */
export interface ImageSource {
  kind: 'dicomweb';
  serverUrl: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  retrievedAt: string;
}

export interface PacsImportResult {
  /** Images added to the workspace (each committed as soon as it arrived). */
  added: { id: number; sopInstanceUid: string; path: string }[];
  /** Instances already in the workspace (same SOP Instance UID or same bytes): not downloaded again. */
  duplicates: { sopInstanceUid: string; existingId: number }[];
  /** Instances that failed, each with its typed reason; the rest of the series went on. */
  failed: { sopInstanceUid: string | null; code: string; message: string }[];
  /** Bytes downloaded and seconds taken (for the images/s figure). */
  bytes: number;
  seconds: number;
}

export interface PacsSendResult {
  /** The server's DICOMweb root the SEGs went to. */
  url: string;
  /** SOP Instance UIDs the server stored (from its STOW-RS answer). */
  stored: string[];
  /** Instances the server refused, with its reason code. */
  failed: { sopInstanceUid: string; reason: string }[];
  /** Images whose mask could not become a SEG (not DICOM, ...), from the export. */
  skipped: { imageId: number; reason: string }[];
  deidentified: boolean;
}
