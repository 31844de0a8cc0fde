import { number, object, string } from '../../protocol/schema';
import type { Registry } from '../core/registry';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';

/**
 * image.thumbnail: an image as the model sees it (GrayImage [0, 1]: VOI applied, MONOCHROME1 inverted), shrunk
 * to fit `maxSide` (never enlarged; area filter) and quantised to 8 bits. The worklist uses it for thumbnails;
 * the review panel asks for the full size to show the healthy counterpart (image - disease map).
 */
export function registerThumbnailMethods(reg: Registry): void {
  reg.add(
    'image.thumbnail',
    object({ path: string({ minLength: 1, maxLength: 4096 }), maxSide: number({ int: true, min: 8, max: 16384 }) }),
    async (p) => {
      const img = await loadGrayImage(p.path);
      const s = Math.min(1, p.maxSide / Math.max(img.width, img.height));
      const w = Math.max(1, Math.round(img.width * s));
      const h = Math.max(1, Math.round(img.height * s));
      const small = s < 1 ? resizeGray(img, w, h, 'area') : img;
      const data = new Uint8Array(w * h);
      for (let i = 0; i < data.length; i++) {
        const v = small.data[i]!;
        data[i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
      }
      return { width: w, height: h, sourceWidth: img.width, sourceHeight: img.height, data };
    },
  );
}
