/**
 * lungs.segment: the lung fields of one image file from the lung-field model, for the viewer's outline and
 * any client that wants them. The model (default models/lungs) stays loaded between calls.
 */
import type { LungFieldResult } from '../../protocol/lungs';
import { number, object, optional, string } from '../../protocol/schema';
import type { Registry } from '../core/registry';
import { EngineError } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import type { LungModelCache } from '../lungs/lungModelCache';
import { lungMaskFromProb } from '../../mask/lungMaskFromProb';
import { resolveLungModelDir } from '../propose/lungPrior';
import { initBackend } from '../tf/backends';
import { checkPath } from '../viewer/checkPath';

export function registerLungMethods(reg: Registry, cache: LungModelCache, opts: { backend?: string }): void {
  reg.add(
    'lungs.segment',
    object({
      path: string({ minLength: 1, maxLength: 4096 }),
      frame: optional(number({ int: true, min: 0, max: 1_000_000 })),
      modelDir: optional(string({ minLength: 1, maxLength: 4096 })),
    }),
    async (p): Promise<LungFieldResult> => {
      const path = checkPath(p.path);
      const dir = resolveLungModelDir(p.modelDir === undefined ? undefined : checkPath(p.modelDir, 'modelDir'));
      if (!dir) throw new EngineError('MODEL', 'no lung-field model installed (models/lungs); train one with `taggan train-lungs`');
      await initBackend(opts.backend);
      const { model, id } = cache.get(dir);
      const gray = await loadGrayImage(path, p.frame === undefined ? {} : { frame: p.frame });
      const t0 = performance.now();
      const prob = await model.probability(gray);
      const modelMs = performance.now() - t0;
      const mask = lungMaskFromProb(prob, model.size, model.size, gray.width, gray.height);
      let on = 0;
      for (let i = 0; i < mask.length; i++) on += mask[i]!;
      return { width: gray.width, height: gray.height, mask, fraction: on / mask.length, model: id, modelMs };
    },
  );
}
