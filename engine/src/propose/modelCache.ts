import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, type TagGanModel } from '../model/loadModel';
import { METADATA_FILE } from '../model/metadata';
import { modelId } from './modelId';

/** Keeps the last loaded model (reloaded when its folder's metadata.json changes, e.g. after training). */
export class ModelCache {
  private entry: { dir: string; mtimeMs: number; model: TagGanModel; id: string } | undefined;

  get(dir: string): { model: TagGanModel; id: string } {
    const mtimeMs = statSync(join(dir, METADATA_FILE)).mtimeMs;
    if (this.entry && this.entry.dir === dir && this.entry.mtimeMs === mtimeMs) return this.entry;
    this.clear();
    const model = loadModel(dir);
    this.entry = { dir, mtimeMs, model, id: modelId(model) };
    return this.entry;
  }

  clear(): void {
    this.entry?.model.dispose();
    this.entry = undefined;
  }
}
