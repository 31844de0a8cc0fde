import { statSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_FILE } from './metadata';

/**
 * Keeps the last model loaded from a folder, reloaded when the folder's metadata.json changes (e.g. after
 * training); the one it replaces is disposed. `load` and `idOf` say which kind of model (TagGAN, lungs).
 */
export class FolderModelCache<M extends { dispose(): void }> {
  private entry: { dir: string; mtimeMs: number; model: M; id: string } | undefined;

  constructor(
    private readonly load: (dir: string) => M,
    private readonly idOf: (model: M) => string,
  ) {}

  get(dir: string): { model: M; id: string } {
    const mtimeMs = statSync(join(dir, METADATA_FILE)).mtimeMs;
    if (this.entry && this.entry.dir === dir && this.entry.mtimeMs === mtimeMs) return this.entry;
    this.clear();
    const model = this.load(dir);
    this.entry = { dir, mtimeMs, model, id: this.idOf(model) };
    return this.entry;
  }

  clear(): void {
    this.entry?.model.dispose();
    this.entry = undefined;
  }
}
