import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../host/paths';

export const SAMPLE_LABELS_FILE = 'labels.csv';

/** The shipped sample radiographs: resources/samples in a packaged app, samples/ beside the app in development. */
export function samplesDir(): string {
  const packaged = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'samples', SAMPLE_LABELS_FILE))) return join(packaged, 'samples');
  return join(appRoot(), 'samples');
}
