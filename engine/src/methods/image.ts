import { number, object, optional, string } from '../../protocol/schema';
import type { Registry } from '../core/registry';
import { openImage } from '../viewer/openImage';

/** image.open: one decoded frame of an image file for the viewer (see engine/protocol/image.ts). */
export function registerImageMethods(reg: Registry): void {
  reg.add(
    'image.open',
    object({ path: string({ minLength: 1, maxLength: 4096 }), frame: optional(number({ int: true, min: 0, max: 1_000_000 })) }),
    (p) => openImage(p.path, p.frame === undefined ? {} : { frame: p.frame }),
  );
}
