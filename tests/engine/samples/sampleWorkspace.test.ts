/**
 * The sample workspace from a fresh clone: `taggan demo --out DIR` (the real CLI) and `samples.create` (the
 * engine method behind "Try the samples") import the shipped images, label them and run the default model on
 * every one, saying what it found and the model's caveat. Nothing is drawn for the model: the stored proposals
 * are exactly what it proposed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { readSampleLabels } from '../../../engine/src/samples/fillSampleWorkspace';
import { samplesDir } from '../../../engine/src/samples/samplesDir';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { ROOT, runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-samples-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the shipped samples: 8 files, a few MB, each listed in labels.csv and named in samples/README.md', async () => {
  const rows = readSampleLabels();
  assert.equal(rows.length, 8);
  let bytes = 0;
  for (const [f] of rows) bytes += statSync(join(ROOT, 'samples', f)).size;
  assert.ok(bytes < 4 * 1024 * 1024, `${bytes} bytes`);
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(join(ROOT, 'samples', 'README.md'), 'utf8');
  for (const [f] of rows) assert.ok(readme.includes(f.split('/')[1]!.replace(/\.(png|dcm)$/, '')), `${f} is attributed in the README`);
  assert.match(readme, /Wang X\./);
  assert.match(readme, /MIT/);
});

test('samples are found beside the app in development and in resources/ when packaged', () => {
  assert.equal(samplesDir(), join(ROOT, 'samples'));
  const res = join(tmp, 'resources');
  mkdirSync(join(res, 'samples'), { recursive: true });
  writeFileSync(join(res, 'samples', 'labels.csv'), 'file,label\n');
  const proc = process as unknown as { resourcesPath?: string };
  proc.resourcesPath = res;
  try {
    assert.equal(samplesDir(), join(res, 'samples'));
  } finally {
    delete proc.resourcesPath;
  }
  // `npm run dist` puts them there.
  const config = createRequire(import.meta.url)(join(ROOT, 'build', 'electron-builder.config.cjs')) as { extraResources: { from: string; to: string }[] };
  assert.ok(config.extraResources.some((r) => r.from === 'samples' && r.to === 'samples'));
});

test('taggan demo --out DIR: a labelled workspace with a proposal per image, what was found and the caveat printed', async () => {
  const out = join(tmp, 'demo');
  const r = await runCli(['demo', '--out', out, '--backend', 'wasm'], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^backend: wasm/);
  assert.match(r.stdout, /8 images, labelled abnormal 3, normal 3, uncertain 2/);
  assert.match(r.stdout, /model default@\S+: proposed on 8 images; a region on \d+/);
  assert.match(r.stdout, /caveat: .*localises only part of the lesions/);
  assert.match(r.stdout, /NIH Clinical Center/);
  const ws = Workspace.open(out);
  try {
    const s = ws.status();
    assert.equal(s.images, 8);
    assert.equal(s.proposals, 8);
    assert.deepEqual(s.byLabel, { normal: 3, abnormal: 3, uncertain: 2, unlabelled: 0 });
    // What the CLI said it found is what is stored.
    const found = ws.listImages().filter((im) => (ws.latestProposal(im.id)?.record.maskArea ?? 0) > 0).length;
    assert.match(r.stdout, new RegExp(`a region on ${found}\\b`));
    for (const im of ws.listImages()) assert.match(ws.latestProposal(im.id)!.record.modelId, /^default@/);
  } finally {
    ws.close();
  }
  // The source images are referenced, not copied: the workspace stays small.
  assert.deepEqual(readdirSync(out).sort(), ['exports', 'models', 'workspace.sqlite']);
});

test('samples.create: the workspace is created, filled and left open in the engine; a relative folder is refused', async () => {
  const c = new EngineClient(connectInProcess(createEngine({ backend: 'wasm' })));
  try {
    await assert.rejects(c.call('samples.create', { dir: 'relative/ws' }), (e) => (e as { code?: string }).code === 'BAD_REQUEST');
    const stages = new Set<string>();
    const r = await c.call('samples.create', { dir: join(tmp, 'engine-ws') }, { onProgress: (p) => stages.add(p.stage) });
    assert.deepEqual([...stages], ['importing the samples', 'proposing']);
    assert.equal(r.images, 8);
    assert.equal(r.proposals.length, 8);
    assert.deepEqual(r.failed, []);
    assert.match(r.caveat ?? '', /localises only part of the lesions/);
    assert.match(r.attribution, /samples\/README\.md/);
    for (const p of r.proposals) assert.ok(p.probability !== null && p.probability >= 0 && p.probability <= 1);
    const s = await c.call('workspace.status', {});
    assert.equal(s.dir, join(tmp, 'engine-ws'));
    assert.equal(s.byStatus.proposed, 8);
  } finally {
    c.close();
  }
});
