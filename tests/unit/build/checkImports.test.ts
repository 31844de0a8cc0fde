import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(root, 'build/check-imports.mjs');

/** Runs the check on a tree made of `files` (path -> text); returns its exit status and output. */
function check(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'check-imports-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    const r = spawnSync(process.execPath, [script, '--root', dir], { encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small tree that keeps every rule. */
const clean: Record<string, string> = {
  'engine/protocol/messages.ts': "export type M = 1;\n",
  'engine/mask/types.ts': "export interface Box { x: number }\n",
  'engine/mask/erode.ts': "import type { Box } from './types';\nexport const erode = (b: Box) => b;\n",
  'engine/src/image/loadImage.ts': "import { erode } from '../../mask/erode';\nimport type { M } from '../../protocol/messages';\nexport const load = erode;\n",
  'engine/src/export/write.ts': "import { load } from '../image/loadImage';\nimport { readFileSync } from 'node:fs';\nexport const w = load;\n",
  'renderer/src/lib/review/review.ts': "import { erode } from '../../../../engine/mask/erode';\nimport type { M } from '../../../../engine/protocol/messages';\nexport const r = erode;\n",
  'renderer/src/components/review/Panel.svelte': "<script lang=\"ts\">\n  import { r } from '../../lib/review/review';\n</script>\n",
  'electron/main.ts': "import { w } from '../engine/src/export/write';\n",
};

test('check-imports passes a tree that keeps the boundaries, and the project itself', () => {
  const r = check(clean);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /check-imports: ok \(8 files\)/);
  const self = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(self.status, 0, self.stdout + self.stderr);
});

test('check-imports fails on renderer -> engine/src (a .ts file and a .svelte file), naming the edge', () => {
  const r = check({ ...clean, 'renderer/src/lib/review/bad.ts': "import { load } from '../../../../engine/src/image/loadImage';\n" });
  assert.equal(r.status, 1);
  assert.match(r.out, /renderer\/src\/lib\/review\/bad\.ts -> engine\/src\/image\/loadImage\.ts: the renderer may import only engine\/protocol and engine\/mask/);
  const s = check({ ...clean, 'renderer/src/components/review/Bad.svelte': "<script lang=\"ts\">\n  import type { x } from '../../../../engine/src/export/write';\n</script>\n" });
  assert.equal(s.status, 1);
  assert.match(s.out, /Bad\.svelte -> engine\/src\/export\/write\.ts/);
});

test('check-imports fails on engine -> electron/ or renderer/, and on an impure mask or protocol', () => {
  assert.match(check({ ...clean, 'engine/src/host/x.ts': "import { w } from '../../../electron/main';\n" }).out, /the engine imports neither electron\/ nor renderer\//);
  assert.equal(check({ ...clean, 'engine/src/host/x.ts': "export const y = import('../../../renderer/src/lib/review/review');\n" }).status, 1);
  const m = check({ ...clean, 'engine/mask/io.ts': "import { readFileSync } from 'node:fs';\n" });
  assert.equal(m.status, 1);
  assert.match(m.out, /engine\/mask is pure: it imports no package \("node:fs"\)/);
  const p = check({ ...clean, 'engine/protocol/bad.ts': "export { load } from '../src/image/loadImage';\n" });
  assert.match(p.out, /engine\/protocol is pure: it imports nothing outside itself/);
});

test('check-imports fails on a folder cycle and lists its edges', () => {
  const r = check({ ...clean, 'engine/src/image/back.ts': "import { w } from '../export/write';\nexport const b = w;\n" });
  assert.equal(r.status, 1);
  assert.match(r.out, /folder cycle engine\/src\/export <-> engine\/src\/image/);
  assert.match(r.out, /engine\/src\/image -> engine\/src\/export \(engine\/src\/image\/back\.ts -> engine\/src\/export\/write\.ts\)/);
});
