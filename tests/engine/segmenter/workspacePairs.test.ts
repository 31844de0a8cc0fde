/**
 * What the segmenter learns from, read from a real workspace (SQLite) with real PNG images: accepted and edited
 * masks (latest version), normals as empty targets, rejected proposals left out, soft targets only when asked
 * and at their weight; the provenance names each; a resumed training refuses masks that changed meanwhile; a new
 * training keeps the previous segmenter.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { encodeGrayPng } from '../../../engine/src/image/encodeGrayPng';
import { trainWorkspaceSegmenter } from '../../../engine/src/segmenter/trainWorkspaceSegmenter';
import { workspacePairs } from '../../../engine/src/segmenter/workspacePairs';
import { initBackend } from '../../../engine/src/tf/backends';
import { Workspace } from '../../../engine/src/workspace/workspace';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-seg-pairs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(async () => { await initBackend('wasm'); });
const W = 24;
const H = 20;

function image(i: number): string {
  const dir = join(tmp, 'images');
  mkdirSync(dir, { recursive: true });
  const v = new Float32Array(W * H).map((_, k) => ((k * (i + 3)) % 17) / 17);
  const f = join(dir, `img-${i}.png`);
  writeFileSync(f, encodeGrayPng(v, W, H));
  return f;
}
function mask(x0: number): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(W * H);
  for (let y = 5; y < 12; y++) for (let x = x0; x < x0 + 6; x++) data[y * W + x] = 1;
  return { width: W, height: H, data };
}

test('pairs: accepted and edited masks, normals empty (balanced against the masks), rejected out, soft targets only when asked', async () => {
  const ws = Workspace.init(join(tmp, 'ws1'), { actor: 'dr-a' });
  const ids = (await ws.addImages([0, 1, 2, 3, 4, 5].map(image))).added.map((a) => a.id);
  const [acc, edi, rej, nor, soft, unl] = ids as [number, number, number, number, number, number];
  for (const id of [acc, edi, rej, soft]) ws.setLabel(id, 'abnormal');
  ws.setLabel(nor, 'normal');
  const p = (id: number) => ws.saveProposal({ imageId: id, modelId: 'default@1-x', threshold: 0.1, mask: mask(2) });
  ws.saveAnnotation({ imageId: acc, mask: mask(2), status: 'accepted', proposalId: p(acc).id });
  ws.saveAnnotation({ imageId: edi, mask: mask(4), status: 'accepted' });
  ws.saveAnnotation({ imageId: edi, mask: mask(8), status: 'edited' });
  ws.saveAnnotation({ imageId: rej, mask: null, status: 'rejected', proposalId: p(rej).id });
  p(soft);
  p(unl);
  const plain = await workspacePairs(ws, 16);
  assert.deepEqual(plain.counts, { masks: 2, normals: 1, soft: 0 });
  assert.deepEqual(plain.provenance.annotations.map((a) => [Number(a.image), a.kind, a.version ?? null, a.weight]), [[acc, 'accepted', 1, 1], [edi, 'edited', 2, 1], [nor, 'normal', null, 1]]);
  assert.ok(plain.provenance.annotations.every((a) => /^[0-9a-f]{64}$/.test(a.sha256!)));
  assert.equal(plain.planes.masks[2]!.reduce((s, v) => s + v, 0), 0, 'the normal image is an empty target');
  assert.ok(plain.planes.masks[0]!.reduce((s, v) => s + v, 0) > 0);
  const withSoft = await workspacePairs(ws, 16, { softWeight: 0.3 });
  assert.deepEqual(withSoft.counts, { masks: 2, normals: 1, soft: 1 }, 'the abnormal image with a proposal and no mask; not the unlabelled one');
  assert.equal(withSoft.planes.weights![3], 0.3);
  assert.equal(withSoft.provenance.softTargets?.count, 1);
  assert.notEqual(withSoft.provenance.hash, plain.provenance.hash);
  await assert.rejects(workspacePairs(ws, 16, { softWeight: 2 }), (e: unknown) => e instanceof EngineError && e.code === 'BAD_REQUEST');
  // Normals outnumbering the masks weigh together as much as the masks: 2 masks, 5 normals -> 0.4 each.
  const more = (await ws.addImages([10, 11, 12, 13].map(image))).added.map((a) => a.id);
  for (const id of more) ws.setLabel(id, 'normal');
  const manyNormals = await workspacePairs(ws, 16);
  assert.deepEqual(manyNormals.counts, { masks: 2, normals: 5, soft: 0 });
  assert.deepEqual(manyNormals.planes.weights, [1, 1, 0.4, 0.4, 0.4, 0.4, 0.4]);
  assert.ok(manyNormals.provenance.annotations.filter((a) => a.kind === 'normal').every((a) => a.weight === 0.4), 'the provenance records the weight');
  ws.close();
  const empty = Workspace.init(join(tmp, 'ws-empty'));
  await empty.addImages([image(9)]);
  await assert.rejects(workspacePairs(empty, 16), /no accepted or edited masks/);
  empty.close();
});

test('train-seg in a workspace: provenance on disk, resume refused after the masks changed, the previous segmenter kept', async () => {
  const ws = Workspace.init(join(tmp, 'ws2'), { actor: 'dr-b' });
  const ids = (await ws.addImages([10, 11, 12].map(image))).added.map((a) => a.id);
  ws.setLabel(ids[0]!, 'abnormal');
  ws.setLabel(ids[1]!, 'normal');
  ws.saveAnnotation({ imageId: ids[0]!, mask: mask(3), status: 'accepted' });
  const config = { size: 64, steps: 4, batch: 2, checkpointEvery: 2 };
  const stop = new AbortController();
  await assert.rejects(
    trainWorkspaceSegmenter(ws, { config, signal: stop.signal, onProgress: (p) => { if (p.stage === 'training' && p.step === 2) stop.abort(); } }),
    (e: unknown) => e instanceof EngineError && e.code === 'CANCELLED',
  );
  assert.ok(existsSync(join(ws.dir, 'models', 'segmenter.training', 'metadata.json')), 'a cancelled run leaves its checkpoint');
  ws.saveAnnotation({ imageId: ids[0]!, mask: mask(6), status: 'edited' });
  await assert.rejects(trainWorkspaceSegmenter(ws, { config, resume: true }), /accepted masks changed/);
  const first = await trainWorkspaceSegmenter(ws, { config });
  assert.equal(first.metadata.training.step, 4);
  assert.equal(first.metadata.training.provenance.annotations[0]!.version, 2, 'the latest mask version');
  assert.equal(first.previous, undefined);
  const second = await trainWorkspaceSegmenter(ws, { config });
  assert.ok(second.previous && existsSync(join(second.previous, 'metadata.json')), 'the previous segmenter is kept');
  assert.ok(readdirSync(join(ws.dir, 'models')).some((d) => d.startsWith('segmenter-4-')));
  assert.ok(ws.auditLog().some((e) => e.action === 'segmenter.train'));
  ws.close();
});
