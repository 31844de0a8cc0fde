import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balancedNormalWeight } from '../../../engine/src/segmenter/normalWeight';

test('normals weigh together as much as the masks, never more than 1 each', () => {
  assert.equal(balancedNormalWeight(25, 100), 0.25);
  assert.equal(balancedNormalWeight(100, 100), 1);
  assert.equal(balancedNormalWeight(150, 100), 1, 'fewer normals than masks: each weighs 1');
  assert.equal(balancedNormalWeight(0, 10), 0, 'no masks: normals teach nothing alone');
  assert.equal(balancedNormalWeight(5, 0), 1);
  assert.throws(() => balancedNormalWeight(-1, 3), /whole numbers/);
  assert.throws(() => balancedNormalWeight(2.5, 3), /whole numbers/);
});
