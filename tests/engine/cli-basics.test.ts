import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli';

test('taggan --version prints the package version', async () => {
  const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));
  const r = await runCli(['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('taggan backends reports the ladder and picks a working backend', async () => {
  const r = await runCli(['backends', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(j.backends.map((b: { name: string }) => b.name), ['tensorflow', 'webgpu', 'wasm', 'cpu']);
  assert.ok(['tensorflow', 'webgpu', 'wasm', 'cpu'].includes(j.chosen));
  const cpu = j.backends.find((b: { name: string }) => b.name === 'cpu');
  assert.equal(cpu.ok, true, 'the pure-JS cpu backend always works');
});

test('an unknown backend is refused with a clear message', async () => {
  const r = await runCli(['backends-check-not-a-command']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command/);
});

test('taggan tag refuses a fractional --min-area and an empty --threshold before reading anything', async () => {
  for (const [opt, value, why] of [['--min-area', '2.5', /--min-area must be a non-negative integer, got "2.5"/], ['--threshold', '', /--threshold must be auto, otsu or a number in 0..1, got ""/]] as const) {
    const r = await runCli(['tag', '/no/such/film.png', '--out', '/no/such/out', opt, value]);
    assert.equal(r.code, 2, `${opt} "${value}" was accepted`);
    assert.match(r.stderr, why);
  }
});
