import { randomBytes, timingSafeEqual } from 'node:crypto';
import { contentSecurityPolicy } from '../../protocol/csp';

/** A fresh random token for the engine URL (128 bits, hex). */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The origins a page served by this host has; any other Origin (or none) is refused. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Host header check against DNS rebinding: only the loopback names with our port. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function webHostCsp(port: number): string {
  return contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}
