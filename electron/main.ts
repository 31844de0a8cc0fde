/**
 * Electron main process: thin. Windows, the app:// protocol, native dialogs and the engine host; all
 * image, model and storage work happens in the engine utility process.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { boolean, object, optional, string, array } from '../engine/protocol/schema';
import { CHANNELS } from './contract';
import { devSqliteBinding } from './devSqlite';
import { EngineHost } from './engineHost';
import { createIpc } from './ipc';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CSP, mainWindowOptions, navigationAllowed, permissionAllowed } from './windowOptions';

const root = join(__dirname, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');
const windows = new Set<number>();

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const sqlite = app.isPackaged ? undefined : devSqliteBinding(root);
const engine = new EngineHost(join(root, 'dist', 'engine', 'engine-process.mjs'), (reason, restartInMs) => {
  for (const w of BrowserWindow.getAllWindows()) {
    w.webContents.send(CHANNELS.engineExit, { reason, restartInMs });
  }
}, sqlite ? { TAGGAN_SQLITE_BINDING: sqlite } : {});

function serveApp(): void {
  protocol.handle(APP_SCHEME, (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) return new Response('forbidden', { status: 403 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function harden(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_e, wc) => {
    wc.on('will-navigate', (ev, url) => { if (!navigationAllowed(url)) ev.preventDefault(); });
    wc.on('will-redirect', (ev, url) => { if (!navigationAllowed(url)) ev.preventDefault(); });
    wc.on('will-attach-webview', (ev) => ev.preventDefault());
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function registerIpc(): void {
  const ipc = createIpc(ipcMain, { appOrigin: APP_ORIGIN, trustedSenders: () => windows });
  const filters = optional(array(object({ name: string({ maxLength: 100 }), extensions: array(string({ maxLength: 20 }), { max: 50 }) }), { max: 20 }));
  ipc.handle(CHANNELS.appInfo, object({}), () => ({
    appVersion: app.getVersion(), electron: process.versions.electron, chrome: process.versions.chrome, platform: process.platform,
  }));
  ipc.handle(CHANNELS.openFiles, object({ title: optional(string({ maxLength: 200 })), filters, multiple: optional(boolean()) }), async (p) => {
    const r = await dialog.showOpenDialog({ title: p.title, filters: p.filters, properties: p.multiple === false ? ['openFile'] : ['openFile', 'multiSelections'] });
    return r.canceled ? [] : r.filePaths;
  });
  ipc.handle(CHANNELS.openFolder, object({ title: optional(string({ maxLength: 200 })) }), async (p) => {
    const r = await dialog.showOpenDialog({ title: p.title, properties: ['openDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipc.handle(CHANNELS.chooseSaveFolder, object({ title: optional(string({ maxLength: 200 })) }), async (p) => {
    const r = await dialog.showOpenDialog({ title: p.title, properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
}

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs')));
  const id = win.webContents.id;
  windows.add(id);
  win.on('closed', () => windows.delete(id));
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-finish-load', () => engine.attachWindow(win.webContents));
  void win.loadURL(APP_ORIGIN);
}

app.enableSandbox();
app.whenReady().then(() => {
  serveApp();
  harden();
  registerIpc();
  engine.start();
  createWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(); });
});
app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
app.on('before-quit', () => { void engine.stop(); });
