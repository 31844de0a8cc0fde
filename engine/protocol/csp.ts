/**
 * The one Content-Security-Policy of the renderer, for both hosts: Electron (app:// page) and the web host
 * (which adds its WebSocket origin to connect-src). Only our own origin for scripts, styles and data.
 */
export function contentSecurityPolicy(extraConnectSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...extraConnectSrc].join(' ')}`,
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
