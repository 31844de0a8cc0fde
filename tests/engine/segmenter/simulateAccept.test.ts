/**
 * `taggan simulate-accept` at toy size on phantoms, the way the README's covid-qu figures were made: a held-out
 * half, k accepted masks from the pool's abnormal images with every pool normal as an empty target (the app's
 * rule, balanced against the masks), picks at random and by doubt, and self-training on an unlabelled folder. Checks the records (who was
 * trained on what, with which weight), the scores and the report files; not the Dice (3 steps teach nothing).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-sim-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const labelsOf = (dir: string): string[][] => readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

test('simulate-accept: pool normals always trained on, k from the abnormal images, a self-training model per round', { timeout: 900_000 }, async () => {
  const data = join(tmp, 'truth');
  const unlabelled = join(tmp, 'unlabelled');
  for (const [dir, seed] of [[data, 'sim-truth'], [unlabelled, 'sim-unlab']] as const) {
    const r = await runCli(['phantom', '--out', dir, '--count', '16', '--seed', seed, '--size', '128', '--json']);
    assert.equal(r.code, 0, r.stderr);
  }
  rmSync(join(unlabelled, 'masks'), { recursive: true });
  const out = join(tmp, 'sim');
  const args = ['simulate-accept', '--data', data, '--masks', 'masks', '--out', out, '--k', '2,3', '--pick', 'random,doubt', '--size', '64', '--steps', '3',
    '--unlabelled', unlabelled, '--soft-targets', '0.5', '--soft-steps', '2', '--backend', 'wasm', '--json'];
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  const sim = JSON.parse(readFileSync(join(out, 'simulation.json'), 'utf8'));
  const labels = labelsOf(data);
  const testStems = new Set(labelsOf(join(out, 'test-truth')).map(([f]) => f!.replace(/\.png$/, '')));
  const pool = labels.filter(([f]) => !testStems.has(f!.replace(/\.dcm$/, '')));
  const poolNormals = pool.filter(([, l]) => l === 'normal').length;
  const unlab = labelsOf(unlabelled);
  const unlabAbnormal = unlab.filter(([, l]) => l !== 'normal').length;
  assert.equal(sim.normals, 'pool');
  assert.match(sim.restrict, /^lung prior lungs@/, 'scored through the lung prior, as the app proposes');
  assert.equal(sim.test + sim.pool, labels.length);
  assert.equal(sim.rounds.length, 8, 'random and doubt, k = 2 and 3, each with its self-trained model');
  for (const round of sim.rounds) {
    assert.equal(round.abnormalAccepted, round.k, 'k counts accepted masks of abnormal-labelled images');
    assert.ok(round.accepted.every((s: string) => labels.find(([f]) => f === `${s}.dcm`)![1] === 'abnormal'));
    assert.ok(round.accepted.every((s: string) => !testStems.has(s)), 'never a held-out image');
    const prov = JSON.parse(readFileSync(join(round.model, 'metadata.json'), 'utf8')).training.provenance;
    const kinds = (k: string) => prov.annotations.filter((a: { kind: string }) => a.kind === k);
    assert.equal(kinds('truth').length, round.k);
    if (round.stage === 'self-trained') {
      assert.deepEqual(round.softTargets, { count: unlabAbnormal, weight: 0.5 });
      assert.equal(kinds('soft').length, unlabAbnormal);
      assert.ok(kinds('soft').every((a: { weight: number }) => a.weight === 0.5));
      assert.equal(round.normalTargets, poolNormals + unlab.length - unlabAbnormal);
    } else {
      assert.equal(round.stage, 'accepted');
      assert.equal(kinds('soft').length, 0);
      assert.equal(round.normalTargets, poolNormals, 'every pool normal is an empty target');
    }
    assert.equal(kinds('normal').length, round.normalTargets);
    const w = Math.min(1, round.k / round.normalTargets);
    assert.ok(kinds('normal').every((a: { weight: number }) => a.weight === w), `normals weigh min(1, masks / normals) = ${w}, as the app weighs them`);
    assert.equal(readdirSync(round.predictions).length, sim.test, 'a mask per held-out image');
    assert.equal(round.metrics.n, sim.test);
  }
  const random = sim.rounds.filter((x: { pick: string }) => x.pick === 'random');
  assert.deepEqual(random[2].accepted.slice(0, 2), random[0].accepted, 'k = 3 holds the k = 2 images');
  const table = readFileSync(join(out, 'table.md'), 'utf8');
  assert.match(table, /\| segmenter, random \+ self-training \| 3 \| 3 \+ \d+ \+ \d+ own masks \(weight 0\.5\) \|/);
  assert.match(table, /\| segmenter, by doubt \| 3 \|/);
  assert.ok(existsSync(join(out, 'dice-by-k.svg')));
  // A second run reuses every finished model: nothing is trained again.
  const again = await runCli(args);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /"phase":"trained"/, 'no round trained twice');
  // A model folder trained on other images is never reused as if it were this round's.
  const other = await runCli([...args.filter((a) => a !== '--json'), '--normals', 'picked']);
  assert.notEqual(other.code, 0);
  assert.match(other.stderr, /random-k2 in this folder was trained on other images/);
});

test('simulate-accept refuses k beyond the pool\'s abnormal images, and self-training without its folder', async () => {
  const data = join(tmp, 'small');
  assert.equal((await runCli(['phantom', '--out', data, '--count', '8', '--seed', 'sim-small', '--size', '128', '--json'])).code, 0);
  const big = await runCli(['simulate-accept', '--data', data, '--masks', 'masks', '--out', join(tmp, 'x'), '--k', '50', '--backend', 'wasm']);
  assert.notEqual(big.code, 0);
  assert.match(big.stderr, /k = 50 is more than the pool's \d+ abnormal-labelled images/);
  const half = await runCli(['simulate-accept', '--data', data, '--masks', 'masks', '--out', join(tmp, 'y'), '--k', '1', '--soft-targets', '0.5', '--backend', 'wasm']);
  assert.notEqual(half.code, 0);
  assert.match(half.stderr, /self-training needs both an unlabelled folder and a soft-target weight/);
  // --test-fraction sets the held-out share (stratified): a quarter of 8 phantoms leaves 3 abnormal ones in the pool.
  const quarter = await runCli(['simulate-accept', '--data', data, '--masks', 'masks', '--out', join(tmp, 'z'), '--k', '4', '--test-fraction', '0.25', '--backend', 'wasm']);
  assert.notEqual(quarter.code, 0);
  assert.match(quarter.stderr, /k = 4 is more than the pool's 3 abnormal-labelled images/);
  const all = await runCli(['simulate-accept', '--data', data, '--masks', 'masks', '--out', join(tmp, 'z'), '--k', '1', '--test-fraction', '1', '--backend', 'wasm']);
  assert.notEqual(all.code, 0);
  assert.match(all.stderr, /--test-fraction must be a number above 0 and at most 0.9, got "1"/);
});
