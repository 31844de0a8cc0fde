import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { masksEqual } from '../../../engine/mask/binaryMask';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { runCli } from '../../helpers/cli';
import { buildExportWorkspace } from './exportFixture';
import { pngMask } from './tools';

test('export -> import -> identical mask, for PNG and DICOM SEG (plain and de-identified)', async () => {
  const fx = await buildExportWorkspace();
  const out = join(fx.base, 'out');
  const outDeid = join(fx.base, 'out-deid');
  const stem = (id: number) => `img${String(id).padStart(6, '0')}`;
  let r = await runCli(['export', '--workspace', fx.dir, '--out', out, '--format', 'png,seg']);
  assert.equal(r.code, 0, r.stderr);
  r = await runCli(['export', '--workspace', fx.dir, '--out', outDeid, '--format', 'seg', '--deidentify']);
  assert.equal(r.code, 0, r.stderr);

  const imports: [string[], number][] = [
    [['workspace', 'import-mask', fx.dir, join(out, 'masks', `${stem(fx.ids.png)}.png`), '--image', String(fx.ids.png)], fx.ids.png],
    [['workspace', 'import-mask', fx.dir, join(out, 'masks', `${stem(fx.ids.cr)}.png`), '--image', String(fx.ids.cr)], fx.ids.cr],
    // A plain SEG finds its image by the referenced SOP Instance UID.
    [['workspace', 'import-mask', fx.dir, join(out, 'seg', `${stem(fx.ids.dx)}.seg.dcm`)], fx.ids.dx],
    [['workspace', 'import-mask', fx.dir, join(out, 'seg', `${stem(fx.ids.cr)}.seg.dcm`)], fx.ids.cr],
    // A de-identified SEG references remapped UIDs: it needs --image.
    [['workspace', 'import-mask', fx.dir, join(outDeid, 'seg', `${stem(fx.ids.dx)}.seg.dcm`), '--image', String(fx.ids.dx)], fx.ids.dx],
  ];
  for (const [args, id] of imports) {
    const ws0 = Workspace.open(fx.dir);
    const before = ws0.annotationVersions(id).length;
    ws0.close();
    r = await runCli(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    const ws = Workspace.open(fx.dir);
    try {
      const latest = ws.latestAnnotation(id)!;
      assert.equal(latest.record.version, before + 1);
      assert.ok(masksEqual(latest.mask, fx.masks.get(id)!), `imported mask of image ${id} differs (${args[3]})`);
      assert.equal(latest.record.origin, 'manual');
    } finally {
      ws.close();
    }
  }
  assert.deepEqual(pngMask(join(out, 'masks', `${stem(fx.ids.png)}.png`)).data, fx.masks.get(fx.ids.png)!.data);

  r = await runCli(['workspace', 'import-mask', fx.dir, join(outDeid, 'seg', `${stem(fx.ids.dx)}.seg.dcm`)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /NOT_FOUND.*need --image/);
  r = await runCli(['workspace', 'import-mask', fx.dir, join(out, 'masks', `${stem(fx.ids.png)}.png`), '--image', String(fx.ids.dx)]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /64x48 but image/);
});
