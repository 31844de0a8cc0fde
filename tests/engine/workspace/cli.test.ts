import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, SHARED } from '../../helpers/cli';
import { tempDir, writeTestPng } from './fixtures';

test('taggan workspace init/add/label/status from the command line', async () => {
  const base = tempDir();
  const ws = join(base, 'ws');
  const imgs = join(base, 'imgs');
  mkdirSync(imgs);
  const png = writeTestPng(join(imgs, 'p.png'), 20, 10, 4);
  writeFileSync(join(imgs, 'bad.dcm'), Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([2, 0, 0x10, 0, 0x55, 0x49, 40, 0])]));

  let r = await runCli(['workspace', 'init', ws]);
  assert.equal(r.code, 0, r.stderr);
  r = await runCli(['workspace', 'add', ws, imgs, join(SHARED, 'dicom/samples/dx_image.dcm')]);
  assert.equal(r.code, 1, 'a bad file makes the exit code 1 but the rest is added');
  assert.match(r.stdout, /added 2, duplicates 0, failed 1/);
  assert.match(r.stderr, /bad\.dcm/);
  r = await runCli(['workspace', 'add', ws, png]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /added 0, duplicates 1/);
  r = await runCli(['workspace', 'label', ws, png, 'abnormal']);
  assert.equal(r.code, 0, r.stderr);
  r = await runCli(['workspace', 'label', ws, png, 'sick']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /normal, abnormal/);
  r = await runCli(['workspace', 'status', ws, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.images, 2);
  assert.deepEqual(s.byLabel, { normal: 0, abnormal: 1, unlabelled: 1 });
  assert.equal(s.byStatus.new, 2);
  r = await runCli(['workspace', 'status', join(base, 'nothing-here')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /WORKSPACE/);
});
