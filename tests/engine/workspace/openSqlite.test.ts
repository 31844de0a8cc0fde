/**
 * The workspace's SQLite module can come from TAGGAN_SQLITE_BINDING (dev runs of the desktop app use an
 * Electron build); a module for another runtime, or not a module at all, is an error in words.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { openSqlite } from '../../../engine/src/workspace/openSqlite';

const tmp = mkdtempSync(join(tmpdir(), 'taggan-sqlite-'));
after(() => {
  delete process.env.TAGGAN_SQLITE_BINDING;
  rmSync(tmp, { recursive: true, force: true });
});

test('TAGGAN_SQLITE_BINDING chooses the native module; a bad one is an error naming the runtime and the fix', () => {
  const nodeBuild = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  process.env.TAGGAN_SQLITE_BINDING = nodeBuild;
  const db = openSqlite(join(tmp, 'a.sqlite'), true);
  assert.equal(db.prepare('SELECT 41 + 1').pluck().get(), 42);
  db.close();

  const fake = join(tmp, 'fake.node');
  writeFileSync(fake, 'not a shared object');
  process.env.TAGGAN_SQLITE_BINDING = fake;
  assert.throws(() => openSqlite(join(tmp, 'b.sqlite'), true), (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.match(e.message, /cannot be loaded: built for another runtime than this Node \d+/);
    assert.match(e.message, /npm rebuild better-sqlite3/);
    assert.match(e.message, /fake\.node/);
    return true;
  });
  delete process.env.TAGGAN_SQLITE_BINDING;
});
