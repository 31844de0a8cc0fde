/**
 * The learning loop at CI size, through the engine protocol as the app drives it: phantom radiographs in a
 * workspace, the true lesion masks of 20 of them saved as accepted annotations (their normals labelled
 * normal), `seg.train`, the workspace switched to the segmenter, `proposal.run` on 20 other phantoms. The
 * segmenter's masks must overlap the lesions far better than the shipped weak-label model's on the same
 * images, every proposal records the segmenter's id and a doubt, and the export names the segmenter (manifest,
 * DICOM SEG read back with pydicom).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-seg-loop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function readMask(file: string): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(readFileSync(file));
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * 4]! > 127 ? 1 : 0;
  return { width: png.width, height: png.height, data };
}

function dice(a: Uint8Array, b: Uint8Array): number {
  let inter = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { inter += a[i]! & b[i]!; na += a[i]!; nb += b[i]!; }
  return na + nb === 0 ? 1 : (2 * inter) / (na + nb);
}

const pydicom = spawnSync('python3', ['-c', 'import pydicom'], { encoding: 'utf8' }).status === 0;

test('accepted masks in, a segmenter out: it proposes on other images far better than the weak-label model, and says so in every record', { timeout: 1_500_000 }, async () => {
  const data = join(tmp, 'phantoms');
  const r = await runCli(['phantom', '--out', data, '--count', '40', '--seed', 'seg-loop'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  const rows = readFileSync(join(data, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const c = new EngineClient(connectInProcess(createEngine({ backend: 'wasm' })));
  try {
    await c.call('workspace.open', { dir: join(tmp, 'ws'), create: true, actor: 'dr-test' });
    const added = await c.call('workspace.add', { paths: rows.map((x) => join(data, x[0]!)) });
    assert.equal(added.added.length, 40);
    const idOf = new Map(added.added.map((a) => [a.path.split('/').pop()!, a.id]));
    const pool = rows.slice(0, 20);
    const held = rows.slice(20);
    for (const [file, label] of rows) await c.call('workspace.label', { imageId: idOf.get(file!)!, label: label === 'normal' ? 'normal' : 'abnormal' });
    for (const [file, label] of pool) {
      if (label === 'normal') continue;
      const m = readMask(join(data, 'masks', file!.replace(/\.dcm$/, '.png')));
      await c.call('annotation.save', { imageId: idOf.get(file!)!, width: m.width, height: m.height, mask: m.data, status: 'accepted' });
    }
    assert.equal(await c.call('seg.info', {}), null, 'no segmenter before training');
    await assert.rejects(c.call('workspace.proposalModel', { choice: 'segmenter' }), /no segmenter/);

    const stages = new Set<string>();
    const trained = await c.call('seg.train', { steps: 120 }, { onProgress: (p) => stages.add(p.stage) });
    assert.ok(stages.has('training') && stages.has('loading images and masks'), [...stages].join());
    const abnormalInPool = pool.filter((x) => x[1] !== 'normal').length;
    assert.equal(trained.segmenter.masks, abnormalInPool);
    // Every image labelled normal is an empty target (the held-out normals too: their labels are the clinician's).
    assert.equal(trained.segmenter.normals, rows.filter((x) => x[1] === 'normal').length);
    assert.equal(trained.segmenter.steps, 120);
    assert.match(trained.segmenter.id, /^segmenter@120-[0-9a-f]{10}$/);
    const meta = JSON.parse(readFileSync(join(tmp, 'ws', 'models', 'segmenter', 'metadata.json'), 'utf8'));
    assert.equal(meta.format, 'taggan-seg');
    assert.equal(meta.training.provenance.kind, 'workspace');
    const accepted = meta.training.provenance.annotations.filter((a: { kind: string }) => a.kind === 'accepted');
    assert.equal(accepted.length, abnormalInPool);
    assert.ok(accepted.every((a: { version: number; author: string; sha256: string }) => a.version === 1 && a.author === 'dr-test' && /^[0-9a-f]{64}$/.test(a.sha256)), 'which annotation, which version, who, which image');

    assert.equal((await c.call('workspace.proposalModel', { choice: 'segmenter' })).choice, 'segmenter');
    const heldIds = held.map((x) => idOf.get(x[0]!)!);
    /** proposal.run, then each image's stored proposal (the newest), checked to be this run's. */
    const propose = async (method?: 'taggan') => {
      const res = await c.call('proposal.run', { imageIds: heldIds, ...(method ? { method } : {}) });
      assert.deepEqual(res.failed, []);
      const stored = new Map<number, NonNullable<Awaited<ReturnType<typeof c.call<'proposal.latest'>>>>>();
      for (const p of res.proposals) {
        const latest = await c.call('proposal.latest', { imageId: p.imageId });
        assert.ok(latest && latest.record.id === p.proposalId);
        stored.set(p.imageId, latest);
      }
      return { res, stored };
    };
    const meanDice = (stored: Map<number, { mask: { data: Uint8Array } }>): number => {
      const ds = held.filter((x) => x[1] !== 'normal').map(([file]) => dice(stored.get(idOf.get(file!)!)!.mask.data, readMask(join(data, 'masks', file!.replace(/\.dcm$/, '.png'))).data));
      return ds.reduce((a, b) => a + b, 0) / ds.length;
    };
    const weak = await propose('taggan');
    const weakDice = meanDice(weak.stored);
    const seg = await propose();
    assert.equal(seg.res.model, trained.segmenter.id, 'no method named: the workspace\'s choice, the segmenter');
    for (const latest of seg.stored.values()) {
      assert.equal(latest.record.modelId, trained.segmenter.id);
      const st = latest.record.stats as { doubt?: number; doubtKind?: string };
      assert.ok(typeof st.doubt === 'number' && st.doubt >= 0 && st.doubt <= 1 && st.doubtKind === 'entropy', JSON.stringify(st));
    }
    const segDice = meanDice(seg.stored);
    console.log(`segmenter from ${abnormalInPool} accepted masks (+${trained.segmenter.normals} normals), 120 steps: Dice ${(100 * segDice).toFixed(1)}% on ${held.filter((x) => x[1] !== 'normal').length} held-out abnormal phantoms; shipped weak-label model ${(100 * weakDice).toFixed(1)}%`);
    assert.ok(segDice > 0.3, `segmenter Dice ${segDice}`);
    assert.ok(segDice > weakDice + 0.1, `segmenter ${segDice} should beat the weak-label model ${weakDice}`);

    // The worklist's doubt column: the latest proposal's doubt on every image record.
    const images = await c.call('workspace.images', {});
    for (const id of heldIds) assert.equal(typeof images.find((i) => i.id === id)!.doubt, 'number');
    assert.equal(images.find((i) => i.id === idOf.get(pool[0]![0]!))!.doubt, null, 'no proposal, no doubt');

    // Accept one segmenter proposal; the export says which model made it.
    const firstAbn = seg.res.proposals.find((p) => p.maskArea > 0)!;
    const lp = seg.stored.get(firstAbn.imageId)!;
    await c.call('annotation.save', { imageId: firstAbn.imageId, width: lp.mask.width, height: lp.mask.height, mask: lp.mask.data, status: 'accepted', proposalId: firstAbn.proposalId });
    const out = join(tmp, 'export');
    await c.call('export.run', { outDir: out, formats: ['png', 'seg'], statuses: ['accepted'] });
    const manifest = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.csv'))!), 'utf8');
    assert.ok(manifest.includes(trained.segmenter.id), 'the manifest names the segmenter');
    if (!pydicom) console.log('skipped the DICOM SEG read-back: python3-pydicom is not installed');
    else {
      const segFiles: string[] = [];
      const walk = (d: string): void => { for (const f of readdirSync(d, { withFileTypes: true })) f.isDirectory() ? walk(join(d, f.name)) : f.name.endsWith('.dcm') && segFiles.push(join(d, f.name)); };
      walk(out);
      assert.ok(segFiles.length >= 1, 'a SEG was written');
      const py = spawnSync('python3', ['-c', 'import pydicom,sys\nfor f in sys.argv[1:]:\n  d=pydicom.dcmread(f)\n  s=d.SegmentSequence[0]\n  print(s.SegmentAlgorithmType, s.SegmentAlgorithmName)', ...segFiles], { encoding: 'utf8' });
      assert.equal(py.status, 0, py.stderr);
      assert.match(py.stdout, /AUTOMATIC TagGAN Desk segmenter/);
    }
    await c.call('workspace.close', {});
  } finally {
    c.close();
  }
});
