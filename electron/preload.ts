/**
 * Preload (sandboxed, context-isolated): exposes one typed function per capability as `window.taggan`
 * and hands the engine MessagePort to the page. Never exposes ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi } from './contract';
import { CHANNELS, ENGINE_EXIT_MESSAGE, ENGINE_PORT_MESSAGE } from './contract';

const api: DesktopApi = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo, {}),
  openFiles: (opts) => ipcRenderer.invoke(CHANNELS.openFiles, opts ?? {}),
  openFolder: (opts) => ipcRenderer.invoke(CHANNELS.openFolder, opts ?? {}),
  chooseSaveFolder: (opts) => ipcRenderer.invoke(CHANNELS.chooseSaveFolder, opts ?? {}),
};
contextBridge.exposeInMainWorld('taggan', api);

// A MessagePort cannot cross contextBridge; window.postMessage with a transfer list can.
ipcRenderer.on(CHANNELS.enginePort, (event) => {
  window.postMessage({ type: ENGINE_PORT_MESSAGE }, window.location.origin, event.ports);
});
ipcRenderer.on(CHANNELS.engineExit, (_event, info: unknown) => {
  window.postMessage({ type: ENGINE_EXIT_MESSAGE, info }, window.location.origin);
});
