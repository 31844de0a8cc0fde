import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSP, mainWindowOptions, navigationAllowed, permissionAllowed } from '../../../electron/windowOptions';

test('the main window is isolated, sandboxed and without Node', () => {
  const w = mainWindowOptions('/app/preload.cjs').webPreferences;
  assert.equal(w.contextIsolation, true);
  assert.equal(w.sandbox, true);
  assert.equal(w.nodeIntegration, false);
  assert.equal(w.nodeIntegrationInWorker, false);
  assert.equal(w.nodeIntegrationInSubFrames, false);
  assert.equal(w.webSecurity, true);
  assert.equal(w.allowRunningInsecureContent, false);
  assert.equal(w.webviewTag, false);
  assert.equal(w.preload, '/app/preload.cjs');
});

test('the CSP allows only our own origin for scripts, styles and connections', () => {
  assert.match(CSP, /default-src 'self'/);
  assert.match(CSP, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CSP, /unsafe-inline|unsafe-eval|\*/);
});

test('navigation off our page and every permission are denied', () => {
  assert.equal(navigationAllowed('app://taggan/index.html'), true);
  for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/', 'http://127.0.0.1/']) assert.equal(navigationAllowed(url), false, url);
  for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) assert.equal(permissionAllowed(p), false, p);
});
