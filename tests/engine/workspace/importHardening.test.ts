/**
 * One bad file never stops a folder import: a folder holding a deflate bomb, a FIFO, a symlink to /dev/zero, a
 * symlink loop, a truncated DICOM, a J2K header patched to 23000x23000 and an undecodable codestream next to
 * good images imports every good image and reports each bad file as one typed line naming it (the CLI prints
 * exactly one stderr line per failure, nothing else); files that decode are admitted, files that do not are not.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../engine/protocol/errors';
import { readDicomFile } from '../../../engine/src/dicom/readDicomFile';
import { Workspace } from '../../../engine/src/workspace/workspace';
import { runCli, SHARED } from '../../helpers/cli';
import { writeFuzzCorpus } from '../fuzz/corpus';
import { tempDir, writeTestPng } from './fixtures';

test('a folder import with hostile files imports the good ones and reports each bad one in one typed line', { timeout: 180_000 }, async () => {
  const base = tempDir('taggan-import-');
  const corpus = join(base, 'corpus');
  const cases = await writeFuzzCorpus(corpus, join(SHARED, 'dicom', 'conformance'));
  const folder = join(base, 'incoming');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  const pick = (name: string) => cases.find((c) => c.name === name);
  const bad = ['deflate-bomb-160MiB-zeros.dcm', 'synthetic-trunc-0.5.dcm', 'rows-cols-65535.dcm', 'frames-100000.dcm', 'j2k-siz-23000-and-header.dcm', 'jpeg-sof-16384-only.dcm']
    .map(pick)
    .filter((c) => c !== undefined);
  for (const c of bad) copyFileSync(c.path, join(folder, 'sub', c.name));
  // Specials are recreated inside the folder (links and FIFOs do not copy).
  const specials = ['fifo.dcm', 'devzero-link.dcm', 'loop-a.dcm'].filter((n) => pick(n));
  await writeFuzzCorpus(join(folder, 'specials')); // makes fifo.dcm, devzero-link.dcm, loop-a/b.dcm there (and more)
  writeTestPng(join(folder, 'good-1.png'), 32, 32, 1);
  writeTestPng(join(folder, 'sub', 'good-2.png'), 32, 32, 2);
  const synthetic = pick('synthetic-ok.dcm')!;
  copyFileSync(synthetic.path, join(folder, 'good-3.dcm'));
  const conf = pick('conf0-ok.dcm');
  if (conf) copyFileSync(conf.path, join(folder, 'good-4-j2k.dcm'));

  const ws = Workspace.init(join(base, 'ws'));
  let r;
  try {
    r = await ws.addImages([folder]);
  } finally {
    ws.close();
  }
  const added = r.added.map((a) => basename(a.path)).sort();
  for (const g of ['good-1.png', 'good-2.png', 'good-3.dcm', ...(conf ? ['good-4-j2k.dcm'] : [])]) assert.ok(added.includes(g), `${g} imported: ${added.join(', ')}`);
  const failed = new Map(r.failed.map((f) => [basename(f.path), f]));
  for (const c of bad) {
    const f = failed.get(c.name);
    assert.ok(f, `${c.name} reported as failed`);
    assert.ok((ERROR_CODES as readonly string[]).includes(f.code) && f.code !== 'INTERNAL', `${c.name}: ${f.code}`);
    assert.ok(f.message.includes(c.name) && !f.message.includes('\n'), `${c.name}: one line naming the file: ${f.message}`);
  }
  for (const n of specials) assert.ok(failed.has(n), `${n} reported (${[...failed.keys()].join(', ')})`);
  assert.equal(failed.get('fifo.dcm')?.code, 'BAD_REQUEST');
  assert.equal(failed.get('loop-a.dcm')?.code, 'IO');
  // Everything admitted decodes; every DICOM refused by the import fails to decode too.
  for (const a of r.added) if (a.path.endsWith('.dcm')) await readDicomFile(a.path);
  for (const f of r.failed) {
    if (!f.path.endsWith('.dcm') || ['BAD_REQUEST', 'IO', 'NOT_FOUND'].includes(f.code)) continue;
    await assert.rejects(readDicomFile(f.path), `${basename(f.path)} was refused by the import but decodes`);
  }

  // The CLI: exit 1, one stderr line per failed file, each "failed: CODE: PATH: reason".
  const ws2 = join(base, 'ws2');
  Workspace.init(ws2).close();
  const cli = await runCli(['workspace', 'add', ws2, folder], { timeoutMs: 170_000 });
  assert.equal(cli.code, 1);
  const lines = cli.stderr.trim().split('\n');
  assert.equal(lines.length, r.failed.length, cli.stderr);
  for (const l of lines) assert.match(l, /^failed: [A-Z_]+: \//);
});
