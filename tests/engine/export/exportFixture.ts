/** A real workspace with the CR and DX samples and a PNG, each with a non-trivial two-blob mask. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BinaryMask } from '../../../engine/mask/binaryMask';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { SHARED } from '../../helpers/cli';
import { tempDir, writeTestPng } from '../workspace/fixtures';

export const CR = join(SHARED, 'dicom/samples/chest-cr-RG1_J2KI.dcm');
export const DX = join(SHARED, 'dicom/samples/dx_image.dcm');

/** A disc in the upper left and a rectangle in the lower right (plus `shift` to vary masks). */
export function twoBlobMask(w: number, h: number, shift = 0): BinaryMask {
  const data = new Uint8Array(w * h);
  const r = Math.max(3, Math.round(Math.min(w, h) * 0.12));
  const cx = Math.round(w * 0.3) + shift;
  const cy = Math.round(h * 0.35);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * w + x] = 1;
      if (x >= Math.round(w * 0.6) && x < Math.round(w * 0.85) && y >= Math.round(h * 0.55) && y < Math.round(h * 0.8)) data[y * w + x] = 1;
    }
  }
  return { width: w, height: h, data };
}

export interface ExportFixture {
  base: string;
  dir: string;
  ids: { cr: number; dx: number; png: number; untouched: number };
  masks: Map<number, BinaryMask>;
}

/**
 * CR: proposal then an edited annotation (SEMIAUTOMATIC); DX: proposal accepted unchanged (AUTOMATIC);
 * PNG: manual annotation (MANUAL); a fourth image stays `new` and must not be exported.
 */
export async function buildExportWorkspace(): Promise<ExportFixture> {
  const base = tempDir('taggan-export-');
  const dir = join(base, 'ws');
  const src = join(base, 'src');
  mkdirSync(src);
  const ws = Workspace.init(dir, { actor: 'dr-reader' });
  try {
    const png = writeTestPng(join(src, 'PATIENT-DOE-JOHN.png'), 64, 48, 11);
    const other = writeTestPng(join(src, 'other.png'), 32, 32, 12);
    const r = await ws.addImages([CR, DX, png, other]);
    if (r.added.length !== 4) throw new Error(`fixture: ${JSON.stringify(r)}`);
    const [cr, dx, p, untouched] = r.added.map((a) => a.id) as [number, number, number, number];
    const masks = new Map<number, BinaryMask>();
    for (const id of [cr, dx, p, untouched]) ws.setLabel(id, 'abnormal');

    const crImg = ws.getImage(cr)!;
    const crProp = ws.saveProposal({ imageId: cr, modelId: 'tbva-2025-01', threshold: 0.4, mask: twoBlobMask(crImg.width, crImg.height) });
    const crFinal = twoBlobMask(crImg.width, crImg.height, 25);
    ws.saveAnnotation({ imageId: cr, mask: crFinal, proposalId: crProp.id });
    masks.set(cr, crFinal);

    const dxImg = ws.getImage(dx)!;
    const dxMask = twoBlobMask(dxImg.width, dxImg.height);
    const dxProp = ws.saveProposal({ imageId: dx, modelId: 'tbva-2025-01', threshold: 0.4, mask: dxMask });
    ws.saveAnnotation({ imageId: dx, mask: dxMask, proposalId: dxProp.id });
    masks.set(dx, dxMask);

    const pMask = twoBlobMask(64, 48, 3);
    ws.saveAnnotation({ imageId: p, mask: pMask });
    masks.set(p, pMask);
    return { base, dir, ids: { cr, dx, png: p, untouched }, masks };
  } finally {
    ws.close();
  }
}
