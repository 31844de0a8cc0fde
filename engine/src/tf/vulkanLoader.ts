/**
 * Dawn reaches the GPU through Vulkan on Linux. Without the Vulkan loader (libvulkan.so.1) it can only print
 * "Couldn't load Vulkan" to stderr and find no adapter, so the backend ladder checks for the loader first
 * and skips webgpu with that reason, quietly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const LIB = 'libvulkan.so.1';
const DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib64', '/lib', '/usr/local/lib'];

/** Why WebGPU cannot work here (Linux without a Vulkan loader), or null when it may (or this is not Linux). */
export function vulkanLoaderMissing(platform: string = process.platform, env: NodeJS.ProcessEnv = process.env): string | null {
  if (platform !== 'linux') return null;
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...DIRS];
  if (dirs.some((d) => existsSync(join(d, LIB)))) return null;
  for (const ldconfig of ['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig']) {
    const r = spawnSync(ldconfig, ['-p'], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.includes(LIB) ? null : `no Vulkan loader (${LIB}) on this machine`;
  }
  return null; // cannot tell: let Dawn try
}
