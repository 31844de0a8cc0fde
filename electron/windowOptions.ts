import { contentSecurityPolicy } from '../engine/protocol/csp';

/**
 * Window options and web-contents hardening, as pure data and small functions so tests can check them
 * without an Electron binary.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'taggan';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}/`;

export const CSP = contentSecurityPolicy();

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
}

export function mainWindowOptions(preload: string) {
  const webPreferences: SecureWebPreferences = {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#111418',
    title: 'TagGAN Desk',
    webPreferences,
  };
}

/** Navigation is allowed only within our own page (in-page routing); everything else is denied. */
export function navigationAllowed(url: string): boolean {
  return url.startsWith(APP_ORIGIN);
}

/** No permission (camera, notifications, geolocation, ...) is granted to the page. */
export function permissionAllowed(_permission: string): boolean {
  return false;
}
