import { statSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_FILE } from '../model/metadata';
import { lungModelId } from '../propose/lungPrior';
import { loadLungModel, type LungModel } from './lungModel';

/** Keeps the last loaded lung model (reloaded when its folder's metadata.json changes). */
export class LungModelCache {
  private entry: { dir: string; mtimeMs: number; model: LungModel; id: string } | undefined;

  get(dir: string): { model: LungModel; id: string } {
    const mtimeMs = statSync(join(dir, METADATA_FILE)).mtimeMs;
    if (this.entry && this.entry.dir === dir && this.entry.mtimeMs === mtimeMs) return this.entry;
    this.clear();
    const model = loadLungModel(dir);
    this.entry = { dir, mtimeMs, model, id: lungModelId(model) };
    return this.entry;
  }

  clear(): void {
    this.entry?.model.dispose();
    this.entry = undefined;
  }
}
