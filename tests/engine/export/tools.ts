/** External tools the export tests read back with (Debian packages); each test skips with a reason when one is missing. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const PY = '/usr/bin/python3';
const READBACK = fileURLToPath(new URL('./readback.py', import.meta.url));

export function pythonMissing(modules: string[]): string | undefined {
  if (!existsSync(PY)) return `${PY} not installed`;
  const r = spawnSync(PY, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PY} lacks ${modules.join('/')} (apt install python3-pydicom python3-numpy python3-nibabel)`;
}

export const DCIODVFY = '/usr/bin/dciodvfy';
export const dciodvfyMissing = existsSync(DCIODVFY) ? undefined : 'dciodvfy not installed (apt install dicom3tools)';

/** dciodvfy's report: its Error and Warning lines. */
export function dciodvfy(file: string): { errors: string[]; warnings: string[]; text: string } {
  const r = spawnSync(DCIODVFY, [file], { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`;
  const lines = text.split('\n');
  return { errors: lines.filter((l) => l.startsWith('Error')), warnings: lines.filter((l) => l.startsWith('Warning')), text };
}

export function readback<T = Record<string, unknown>>(kind: 'seg' | 'coco' | 'nifti' | 'tags', file: string): T {
  const r = spawnSync(PY, [READBACK, kind, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`readback ${kind} ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Decodes a mask PNG with pngjs (any non-zero gray = 1) and hashes its 0/1 bytes like readback.py. */
export function pngMask(file: string): { width: number; height: number; data: Uint8Array; sha256: string } {
  const png = PNG.sync.read(readFileSync(file));
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) {
    const v = png.data[i * 4]!;
    if (v !== 0 && v !== 255) throw new Error(`${file}: pixel ${i} is ${v}, not 0/255`);
    data[i] = v ? 1 : 0;
  }
  return { width: png.width, height: png.height, data, sha256: sha256(data) };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
