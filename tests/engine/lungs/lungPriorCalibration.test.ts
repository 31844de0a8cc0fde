/**
 * The normal baseline and the threshold floor are calibrated with the same lung restriction as proposals:
 * with the prior, the baseline is 0 wherever no normal image has lung (image corners); without it, the model's
 * corner responses stay in. `taggan calibrate --no-lung-prior` records that no prior was used.
 */
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadModel } from '../../../engine/src/model/loadModel';
import { calibrateOnNormals } from '../../../engine/src/propose/calibration';
import { openLungPrior } from '../../../engine/src/propose/lungPrior';
import { initBackend } from '../../../engine/src/tf/backends';
import { ROOT, SHARED, runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-lung-cal-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const NORMALS = join(SHARED, 'data', 'nih-cxr', 'normal');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'models', 'phantom-quick');
const skip = !existsSync(join(ROOT, 'models', 'lungs', 'metadata.json')) ? 'no models/lungs' : !existsSync(NORMALS) ? `no ${NORMALS}` : false;

test('calibration with the lung prior zeroes the baseline outside every lung field; without it the corners stay', { skip }, async () => {
  await initBackend('wasm');
  const files = readdirSync(NORMALS).sort().slice(0, 6).map((f) => join(NORMALS, f));
  const model = loadModel(FIXTURE);
  const prior = openLungPrior(undefined, 0.03)!;
  try {
    const withPrior = await calibrateOnNormals(model, files, { lungPrior: prior });
    const without = await calibrateOnNormals(model, files, { lungPrior: null });
    assert.deepEqual(withPrior.lungPrior, { model: prior.id, margin: 0.03 });
    assert.equal(without.lungPrior, null);
    const S = model.size;
    const corners = [0, S - 1, S * (S - 1), S * S - 1, S + 1, 2 * S - 2];
    for (const i of corners) assert.equal(withPrior.baselineMap![i], 0, `corner pixel ${i} is outside the lungs`);
    const cornerSum = corners.reduce((s, i) => s + without.baselineMap![i]!, 0);
    assert.ok(cornerSum > 0, 'without the prior the model answers in the corners');
    let lessOrEqual = true;
    for (let i = 0; i < S * S; i++) if (withPrior.baselineMap![i]! > without.baselineMap![i]! + 1e-6) lessOrEqual = false;
    assert.ok(lessOrEqual, 'restricting the maps never raises the baseline');
  } finally {
    prior.model.dispose();
    model.dispose();
  }
});

test('taggan calibrate records the prior in calibration.json, and --no-lung-prior records none', { skip }, async () => {
  const data = join(tmp, 'data');
  const PNEUMONIA = join(SHARED, 'data', 'nih-cxr', 'pneumonia');
  mkdirSync(join(data, 'normal'), { recursive: true });
  mkdirSync(join(data, 'pneumonia'), { recursive: true });
  for (const f of readdirSync(NORMALS).sort().slice(0, 3)) copyFileSync(join(NORMALS, f), join(data, 'normal', f));
  const p = readdirSync(PNEUMONIA).sort()[0]!;
  copyFileSync(join(PNEUMONIA, p), join(data, 'pneumonia', p));
  const model = join(tmp, 'model');
  cpSync(FIXTURE, model, { recursive: true });
  const on = await runCli(['calibrate', '--model', model, '--data', data, '--backend', 'wasm', '--json']);
  assert.equal(on.code, 0, on.stderr);
  assert.match(JSON.parse(readFileSync(join(model, 'calibration.json'), 'utf8')).lungPrior.model, /^lungs@/);
  const off = await runCli(['calibrate', '--model', model, '--data', data, '--no-lung-prior', '--backend', 'wasm', '--json']);
  assert.equal(off.code, 0, off.stderr);
  assert.equal(JSON.parse(readFileSync(join(model, 'calibration.json'), 'utf8')).lungPrior, null);
  assert.match(off.stdout, /"lungPrior":null/);
  const both = await runCli(['calibrate', '--model', model, '--data', data, '--no-lung-prior', '--lung-margin', '0.05']);
  assert.equal(both.code, 2);
});
