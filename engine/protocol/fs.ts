/**
 * The engine's file-system view for the in-app file browser and folder opening (methods `fs.places`,
 * `fs.list`, `fs.scan`). Pure types: imports nothing from Node, DOM or Electron.
 */
import type { ImageFileFormat } from './image';

export type FsEntryKind = 'file' | 'dir' | 'other';

export interface FsEntry {
  name: string;
  /** Absolute path. */
  path: string;
  kind: FsEntryKind;
  /** Bytes (files); 0 for folders and others. */
  size: number;
  /** Image format found by sniffing the first bytes (files only; absent when none of ours). */
  format?: ImageFileFormat;
  /** True when the entry is the DICOMDIR of a DICOM medium. */
  dicomdir?: boolean;
}

export interface FsListing {
  /** Absolute, normalised folder listed. */
  dir: string;
  /** Its parent, or null at the file-system root. */
  parent: string | null;
  /** Folders first, then files, each by name. Hidden entries (".name") only when asked. */
  entries: FsEntry[];
  /** True when the folder holds more entries than the listing limit. */
  truncated: boolean;
}

/** Places to start browsing from. */
export interface FsPlaces {
  home: string;
  /** The engine's working folder. */
  cwd: string;
  /** Path separator of the engine's platform. */
  sep: '/' | '\\';
}

/** One image file found by `fs.scan`. */
export interface ScannedImage {
  path: string;
  name: string;
  size: number;
  format: ImageFileFormat;
  /** The DICOMDIR that referenced it, when it came from one. */
  fromDicomdir?: string;
}

export interface ScanResult {
  /** What was scanned: a folder, or a DICOMDIR file. */
  root: string;
  images: ScannedImage[];
  /** DICOMDIRs read: their path, how many image files they reference, and referenced files that are missing. */
  dicomdirs: { path: string; referenced: number; missing: string[] }[];
  /** Files and folders that could not be read, with the reason (the scan goes on past them). */
  skipped: { path: string; reason: string }[];
  /** True when a limit (files or depth) stopped the scan early. */
  truncated: boolean;
}

/** Progress data of `fs.scan`: files looked at so far. */
export interface ScanProgress {
  seen: number;
  found: number;
}
