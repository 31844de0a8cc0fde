/**
 * Checks a path that came from outside the engine (the renderer, a browser): it must be a non-empty
 * absolute path without NUL bytes; returns it normalised ("a/../b" resolved, no trailing separator).
 * Relative paths are refused rather than resolved against the engine's working folder, whose meaning
 * the caller cannot see.
 */
import { isAbsolute, resolve } from 'node:path';
import { EngineError } from '../errors';

export const MAX_PATH_LENGTH = 4096;

export function checkPath(path: string, what = 'path'): string {
  if (typeof path !== 'string' || path.length === 0) throw new EngineError('BAD_REQUEST', `${what} is empty`);
  if (path.length > MAX_PATH_LENGTH) throw new EngineError('BAD_REQUEST', `${what} is longer than ${MAX_PATH_LENGTH} characters`);
  if (path.includes('\0')) throw new EngineError('BAD_REQUEST', `${what} contains a NUL character`);
  if (!isAbsolute(path)) throw new EngineError('BAD_REQUEST', `${what} must be absolute, got "${path}"`, path);
  return resolve(path);
}
