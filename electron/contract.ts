/**
 * The desktop contract between the Electron main process and the renderer (through the preload).
 * Pure types and constants: imports nothing from Node, DOM or Electron.
 * The engine itself is reached over a MessagePort that speaks the engine protocol (engine/protocol).
 */

/** IPC channels, in one place. */
export const CHANNELS = {
  appInfo: 'taggan:app-info',
  openFiles: 'taggan:open-files',
  openFolder: 'taggan:open-folder',
  chooseSaveFolder: 'taggan:choose-save-folder',
  /** main -> renderer: a MessagePort to the engine (sent again after each engine restart). */
  enginePort: 'taggan:engine-port',
  /** main -> renderer: the engine process ended ({ reason, restartInMs }). */
  engineExit: 'taggan:engine-exit',
} as const;

/** window.postMessage tag the preload uses to hand the engine port to the page. */
export const ENGINE_PORT_MESSAGE = 'taggan:engine-port';
export const ENGINE_EXIT_MESSAGE = 'taggan:engine-exit';

export interface AppInfo {
  appVersion: string;
  electron: string;
  chrome: string;
  platform: string;
}

export interface OpenFilesOptions {
  title?: string;
  /** e.g. [{ name: 'DICOM', extensions: ['dcm'] }] */
  filters?: { name: string; extensions: string[] }[];
  multiple?: boolean;
}

/** What the preload exposes as `window.taggan`: one typed function per capability. */
export interface DesktopApi {
  appInfo(): Promise<AppInfo>;
  /** Native open dialog; absolute paths, or [] when cancelled. */
  openFiles(opts?: OpenFilesOptions): Promise<string[]>;
  openFolder(opts?: { title?: string }): Promise<string | null>;
  chooseSaveFolder(opts?: { title?: string }): Promise<string | null>;
}
