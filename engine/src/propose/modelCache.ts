import { loadModel, type TagGanModel } from '../model/loadModel';
import { FolderModelCache } from '../model/folderModelCache';
import { modelId } from './modelId';

/** Keeps the last loaded TagGAN model (reloaded when its folder's metadata.json changes, e.g. after training). */
export class ModelCache extends FolderModelCache<TagGanModel> {
  constructor() {
    super(loadModel, modelId);
  }
}
