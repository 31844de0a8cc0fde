import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appRoot } from '../host/paths';
import { METADATA_FILE } from '../model/metadata';

/** The packaged default model (models/default beside the app; in a packaged app, resources/models/default). */
export function defaultModelDir(): string {
  const packaged = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'models', 'default', METADATA_FILE))) return join(packaged, 'models', 'default');
  return join(appRoot(), 'models', 'default');
}

/**
 * Which model folder to use: the one asked for, else the workspace's latest trained model, else the
 * default model. Returns undefined when none exists.
 */
export function resolveModelDir(asked?: string, workspaceDir?: string): string | undefined {
  if (asked) return resolve(asked);
  const candidates = [workspaceDir ? join(workspaceDir, 'models', 'latest') : undefined, defaultModelDir()];
  return candidates.find((d) => d !== undefined && existsSync(join(d, METADATA_FILE)));
}
