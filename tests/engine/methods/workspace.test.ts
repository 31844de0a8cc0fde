import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { EngineCallError, EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { SHARED } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-ws-methods-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the workspace is driven through the engine protocol: open, add, label, annotate, export', async () => {
  const c = new EngineClient(connectInProcess(createEngine()));
  await assert.rejects(c.call('workspace.status', {}), (e: EngineCallError) => e.code === 'WORKSPACE');
  const dir = join(tmp, 'ws');
  const st = await c.call('workspace.open', { dir, create: true, actor: 'dr.test' });
  assert.equal(st.images, 0);

  const progress: number[] = [];
  const added = await c.call('workspace.add', { paths: [join(SHARED, 'dicom/samples/dx_image.dcm'), join(SHARED, 'dicom/conformance/no-pixel-data.dcm'), join(tmp, 'missing.dcm')] }, { onProgress: (p) => progress.push(p.done) });
  assert.equal(added.added.length, 1);
  assert.ok(added.failed.length >= 1, 'bad files are reported, not fatal');
  assert.ok(added.failed.every((f) => f.message.length > 0 && f.path.length > 0));
  assert.ok(progress.length > 0);

  const [img] = await c.call('workspace.images', {});
  assert.ok(img);
  assert.equal(img.width, 211);
  assert.equal(img.height, 169);
  const lab = await c.call('workspace.label', { imageId: img.id, label: 'abnormal' });
  assert.equal(lab.label, 'abnormal');
  await assert.rejects(c.call('workspace.label', { imageId: img.id, label: 'maybe' as 'normal' }), (e: EngineCallError) => e.code === 'BAD_REQUEST');

  const mask = new Uint8Array(img.width * img.height);
  for (let y = 50; y < 90; y++) for (let x = 40; x < 100; x++) mask[y * img.width + x] = 1;
  await assert.rejects(c.call('annotation.save', { imageId: img.id, width: img.width, height: img.height - 1, mask, status: 'accepted' }), (e: EngineCallError) => e.code === 'BAD_REQUEST');
  const saved = await c.call('annotation.save', { imageId: img.id, width: img.width, height: img.height, mask, status: 'accepted' });
  assert.equal(saved.version, 1);
  assert.equal(saved.origin, 'manual');
  const latest = await c.call('annotation.latest', { imageId: img.id });
  assert.ok(latest);
  assert.deepEqual([...latest.mask.data], [...mask]);
  assert.equal(await c.call('proposal.latest', { imageId: img.id }), null);

  const out = join(tmp, 'export');
  const exp = await c.call('export.run', { outDir: out, formats: ['png', 'seg'] });
  assert.equal(exp.exported, 1);
  const pngFile = exp.files.find((f) => f.endsWith('.png'));
  assert.ok(pngFile);
  const png = PNG.sync.read(readFileSync(join(out, pngFile)));
  assert.equal(png.width, img.width);
  let on = 0;
  for (let i = 0; i < png.width * png.height; i++) if (png.data[i * 4] === 255) on++;
  assert.equal(on, 40 * 60);
  const audit = await c.call('workspace.audit', { imageId: img.id });
  assert.ok(audit.some((e) => e.action.startsWith('annotation')));
  assert.ok(audit.every((e) => e.actor.length > 0));
  await c.call('workspace.close', {});
  c.close();
});
