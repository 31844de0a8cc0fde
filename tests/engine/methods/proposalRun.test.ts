/**
 * proposal.run through the protocol with the shipped default model on real held-out covid-qu radiographs: every image gets a
 * stored proposal, also when no map value exceeds the calibrated floor (an empty mask, recorded with that floor).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { ROOT, SHARED } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-propose-run-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const covid = join(SHARED, 'data', 'covid-qu');

test('proposal.run with the default model stores a proposal for every image, empty ones with the floor', { skip: existsSync(covid) ? false : `no covid-qu images at ${covid}` }, async () => {
  const held = readFileSync(join(ROOT, 'models', 'default', 'heldout.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  // Rows are val/covid/... or val/normal/... (the model's held-out images); the first COVID-19 one gets no region.
  const files = [...held.filter((r) => r[1] === 'covid').slice(0, 2), ...held.filter((r) => r[1] === 'normal').slice(0, 1)].map((r) => join(covid, r[0]!));
  const c = new EngineClient(connectInProcess(createEngine({ backend: 'wasm' })));
  try {
    await c.call('workspace.open', { dir: join(tmp, 'ws'), create: true });
    const ids = (await c.call('workspace.add', { paths: files })).added.map((a) => a.id);
    for (const id of ids) await c.call('workspace.label', { imageId: id, label: 'abnormal' });
    const r = await c.call('proposal.run', { imageIds: ids });
    assert.deepEqual(r.failed, [], JSON.stringify(r.failed));
    assert.match(r.model, /^default@/);
    assert.equal(r.proposals.length, 3);
    assert.ok(r.proposals.some((p) => p.threshold === null), 'at least one image stayed under the floor (the case under test)');
    const cal = JSON.parse(readFileSync(join(ROOT, 'models', 'default', 'calibration.json'), 'utf8'));
    for (const p of r.proposals) {
      const stored = await c.call('proposal.latest', { imageId: p.imageId });
      assert.ok(stored && stored.record.id === p.proposalId);
      assert.ok(Number.isFinite(stored.record.threshold));
      if (p.threshold === null) {
        assert.equal(p.maskArea, 0);
        assert.equal(stored.record.threshold, cal.floor, 'an empty proposal is recorded with the floor it stayed under');
        assert.equal((stored.record.stats as { belowFloor?: boolean }).belowFloor, true);
      }
      assert.ok(typeof p.probability === 'number' && p.probability >= 0 && p.probability <= 1);
    }
    await c.call('workspace.close', {});
  } finally {
    c.close();
  }
});
