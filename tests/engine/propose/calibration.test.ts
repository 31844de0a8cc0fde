import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { loadModel } from '../../../engine/src/model/loadModel';
import { DEFAULT_MIN_THRESHOLD } from '../../../engine/mask/proposeMask';
import { calibrateOnNormals, readCalibration, writeCalibration } from '../../../engine/src/propose/calibration';
import { initBackend } from '../../../engine/src/tf/backends';
import { ROOT, runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-cal-'));
const fixture = join(ROOT, 'tests/fixtures/models/phantom-quick');
before(async () => { await initBackend('wasm'); });
after(() => rmSync(tmp, { recursive: true, force: true }));

test('calibration sets the floor from the model\'s maps on normal images, and round-trips through calibration.json', async () => {
  const r = await runCli(['phantom', '--out', join(tmp, 'data'), '--count', '6', '--seed', 'cal']);
  assert.equal(r.code, 0, r.stderr);
  const rows = (await import('node:fs')).readFileSync(join(tmp, 'data', 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const normals = rows.filter(([, l]) => l === 'normal').map(([f]) => join(tmp, 'data', f!));
  assert.equal(normals.length, 3);
  const model = loadModel(fixture);
  try {
    const c = await calibrateOnNormals(model, normals, { quantile: 0.99 });
    assert.equal(c.normals, 3);
    assert.ok(c.floor >= DEFAULT_MIN_THRESHOLD && c.floor < 1, `floor ${c.floor}`);
    const strict = await calibrateOnNormals(model, normals, { quantile: 0.999 });
    assert.ok(strict.floor >= c.floor, 'a higher quantile never lowers the floor');
    const dir = join(tmp, 'model');
    cpSync(fixture, dir, { recursive: true });
    writeCalibration(dir, c);
    assert.deepEqual(readCalibration(dir), c);
    // The per-pixel normal baseline: model-sized, non-negative, stored beside calibration.json.
    assert.equal(c.baseline?.size, model.size);
    assert.equal(c.baselineMap?.length, model.size ** 2);
    assert.ok(c.baselineMap!.every((v) => v >= 0) && c.baselineMap!.some((v) => v > 0));
    assert.ok(readdirSync(dir).includes('baseline.f32'));
    const plain = await calibrateOnNormals(model, normals, { quantile: 0.99, baselineQuantile: null });
    assert.equal(plain.baseline, undefined);
    writeCalibration(dir, plain);
    assert.ok(!readdirSync(dir).includes('baseline.f32'), 'a calibration without baseline removes the old one');
    assert.deepEqual(readCalibration(dir), plain);
    await assert.rejects(calibrateOnNormals(model, []), (e: unknown) => e instanceof EngineError && e.code === 'BAD_DATASET');
  } finally {
    model.dispose();
  }
});

test('a damaged calibration.json is a MODEL error naming the file', () => {
  const dir = join(tmp, 'bad');
  cpSync(fixture, dir, { recursive: true });
  writeFileSync(join(dir, 'calibration.json'), '{"floor": "high"}');
  assert.throws(() => readCalibration(dir), (e: unknown) => e instanceof EngineError && e.code === 'MODEL' && /calibration\.json/.test(e.message));
  writeFileSync(join(dir, 'calibration.json'), 'not json');
  assert.throws(() => readCalibration(dir), /not valid JSON/);
  assert.ok(readdirSync(dir).includes('weights.bin'));
  // A baseline entry whose file is missing or truncated names the file.
  writeFileSync(join(dir, 'calibration.json'), JSON.stringify({ floor: 0.1, quantile: 0.995, normals: 3, createdAt: 'x', baseline: { file: 'baseline.f32', size: 64, quantile: 0.95, radius: 1 } }));
  assert.throws(() => readCalibration(dir), (e: unknown) => e instanceof EngineError && e.code === 'MODEL' && /baseline\.f32/.test(e.message));
  writeFileSync(join(dir, 'baseline.f32'), Buffer.alloc(100));
  assert.throws(() => readCalibration(dir), /100 bytes, expected 16384/);
  writeFileSync(join(dir, 'baseline.f32'), Buffer.alloc(64 * 64 * 4));
  assert.equal(readCalibration(dir)?.baselineMap?.length, 64 * 64);
});

test('taggan calibrate: --no-baseline leaves only the floor; both options at once are refused', async () => {
  const r = await runCli(['phantom', '--out', join(tmp, 'cli-data'), '--count', '4', '--seed', 'cal-cli']);
  assert.equal(r.code, 0, r.stderr);
  const dir = join(tmp, 'cli-model');
  cpSync(fixture, dir, { recursive: true });
  const withBase = await runCli(['calibrate', '--model', dir, '--data', join(tmp, 'cli-data'), '--json', '--backend', 'wasm']);
  assert.equal(withBase.code, 0, withBase.stderr);
  const a = JSON.parse(withBase.stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(a.baseline, { file: 'baseline.f32', size: 64, quantile: 0.95, radius: 1 });
  assert.ok(readdirSync(dir).includes('baseline.f32'));
  const without = await runCli(['calibrate', '--model', dir, '--data', join(tmp, 'cli-data'), '--no-baseline', '--json', '--backend', 'wasm']);
  assert.equal(without.code, 0, without.stderr);
  assert.equal(JSON.parse(without.stdout.trim().split('\n').at(-1)!).baseline, undefined);
  assert.ok(!readdirSync(dir).includes('baseline.f32'));
  const both = await runCli(['calibrate', '--model', dir, '--data', join(tmp, 'cli-data'), '--no-baseline', '--baseline-quantile', '0.9']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /not both/);
});
