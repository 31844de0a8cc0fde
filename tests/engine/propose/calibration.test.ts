import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { loadModel } from '../../../engine/src/model/loadModel';
import { DEFAULT_MIN_THRESHOLD } from '../../../engine/src/mask/proposeMask';
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
});
