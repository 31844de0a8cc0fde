/**
 * A workspace's pixel-level truth as training pairs for the segmenter: every image whose latest clinician
 * mask is accepted, edited (or exported after either) is a pair with that mask; images labelled with the
 * normal class and no mask are pairs with an empty target (each weighing min(1, masks / normals): together
 * no more than the masks, segmenter/normalWeight); rejected proposals teach nothing (the lesion is
 * somewhere else) and are left out. With `softWeight` > 0, abnormal-labelled images that have a proposal but
 * no clinician mask add the proposal's mask as a soft target of that loss weight.
 */
import { createHash } from 'node:crypto';
import { trainingTarget } from '../../protocol/workspace';
import { EngineError } from '../errors';
import { loadGrayImage } from '../image/loadImage';
import { resizeGray } from '../image/resizeGray';
import type { UnetPlanes } from '../unet/trainUnet';
import type { Workspace } from '../workspace/workspace';
import { balancedNormalWeight } from './normalWeight';
import type { SegAnnotationRef, SegProvenance } from './segMetadata';

export interface WorkspacePairs {
  planes: UnetPlanes;
  provenance: SegProvenance;
  counts: { masks: number; normals: number; soft: number };
  /** Images that could not be read (named), left out. */
  skipped: { imageId: number; path: string; message: string }[];
}

export async function workspacePairs(ws: Workspace, size: number, opts: { softWeight?: number; softModel?: string; signal?: AbortSignal; onImage?: (done: number, total: number) => void } = {}): Promise<WorkspacePairs> {
  const soft = opts.softWeight ?? 0;
  if (!(soft >= 0 && soft <= 1)) throw new EngineError('BAD_REQUEST', `the soft-target weight must be in 0..1, got ${soft}`);
  const classes = ws.labelClasses();
  const chosen: { imageId: number; path: string; sha256: string; target: () => { width: number; height: number; data: Uint8Array } | null; ref: SegAnnotationRef }[] = [];
  for (const img of ws.listImages()) {
    const a = ws.latestAnnotation(img.id);
    const t = trainingTarget(img.label, classes);
    if (a && a.record.status !== 'rejected') {
      const kind = a.record.status === 'edited' ? 'edited' : 'accepted';
      chosen.push({ imageId: img.id, path: img.path, sha256: img.sha256, target: () => a.mask, ref: { image: String(img.id), sha256: img.sha256, kind, version: a.record.version, author: a.record.author, weight: 1 } });
    } else if (!a && t === 'normal') {
      chosen.push({ imageId: img.id, path: img.path, sha256: img.sha256, target: () => null, ref: { image: String(img.id), sha256: img.sha256, kind: 'normal', weight: 1 } });
    } else if (!a && t === 'abnormal' && soft > 0) {
      const p = ws.latestProposal(img.id);
      if (p && p.record.maskArea > 0) {
        chosen.push({ imageId: img.id, path: img.path, sha256: img.sha256, target: () => p.mask, ref: { image: String(img.id), sha256: img.sha256, kind: 'soft', proposalId: p.record.id, weight: soft } });
      }
    }
  }
  const masks = chosen.filter((c) => c.ref.kind === 'accepted' || c.ref.kind === 'edited').length;
  if (masks === 0) throw new EngineError('BAD_REQUEST', `no accepted or edited masks in workspace ${ws.dir} yet: review some proposals (or draw masks) first`);
  // Many normals and few masks teach a model to propose nothing: the normals weigh together as much as the masks.
  const wNormal = balancedNormalWeight(masks, chosen.filter((c) => c.ref.kind === 'normal').length);
  for (const c of chosen) if (c.ref.kind === 'normal') c.ref.weight = wNormal;
  const planes: UnetPlanes = { images: [], masks: [], weights: [] };
  const annotations: SegAnnotationRef[] = [];
  const skipped: WorkspacePairs['skipped'] = [];
  for (const [i, c] of chosen.entries()) {
    if (opts.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled while loading images');
    try {
      const g = await loadGrayImage(c.path);
      const m = c.target();
      if (m && (m.width !== g.width || m.height !== g.height)) throw new EngineError('CORRUPT', `its mask is ${m.width}x${m.height} but the image is ${g.width}x${g.height}`, c.path);
      const full = new Float32Array(g.width * g.height);
      if (m) for (let k = 0; k < full.length; k++) full[k] = m.data[k] ? 1 : 0;
      planes.images.push(resizeGray(g, size, size, 'auto').data);
      planes.masks.push(resizeGray({ width: g.width, height: g.height, data: full }, size, size, 'auto').data);
      planes.weights!.push(c.ref.weight);
      annotations.push(c.ref);
    } catch (e) {
      if (e instanceof EngineError && e.code === 'CANCELLED') throw e;
      skipped.push({ imageId: c.imageId, path: c.path, message: (e as Error).message });
    }
    opts.onImage?.(i + 1, chosen.length);
  }
  const hash = createHash('sha256');
  for (const a of annotations) hash.update(`${a.image}\t${a.sha256}\t${a.kind}\t${a.version ?? a.proposalId ?? ''}\t${a.weight}\n`);
  const count = (k: SegAnnotationRef['kind']): number => annotations.filter((a) => a.kind === k).length;
  return {
    planes,
    provenance: {
      source: ws.dir, kind: 'workspace', hash: hash.digest('hex'), annotations,
      ...(count('soft') > 0 ? { softTargets: { model: opts.softModel ?? 'the workspace\'s latest proposals', weight: soft, count: count('soft') } } : {}),
    },
    counts: { masks: count('accepted') + count('edited'), normals: count('normal'), soft: count('soft') },
    skipped,
  };
}
