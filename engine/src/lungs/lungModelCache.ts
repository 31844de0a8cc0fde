import { FolderModelCache } from '../model/folderModelCache';
import { loadLungModel, lungModelId, type LungModel } from './lungModel';

/** Keeps the last loaded lung model (reloaded when its folder's metadata.json changes). */
export class LungModelCache extends FolderModelCache<LungModel> {
  constructor() {
    super(loadLungModel, lungModelId);
  }
}
