import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { vulkanLoaderMissing } from '../../../engine/src/tf/vulkanLoader';

test('the Vulkan loader check: found on LD_LIBRARY_PATH, never blocks other platforms, agrees with ldconfig here', () => {
  assert.equal(vulkanLoaderMissing('darwin'), null);
  assert.equal(vulkanLoaderMissing('win32'), null);
  const dir = mkdtempSync(join(tmpdir(), 'taggan-vk-'));
  try {
    writeFileSync(join(dir, 'libvulkan.so.1'), '');
    assert.equal(vulkanLoaderMissing('linux', { LD_LIBRARY_PATH: `/nonexistent:${dir}` }), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // On this machine: whatever ldconfig says.
  const r = vulkanLoaderMissing('linux', {});
  if (process.platform === 'linux') {
    const ld = spawnSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' });
    if (ld.status === 0) assert.equal(r === null, ld.stdout.includes('libvulkan.so.1'), `check said ${r}`);
  }
});
