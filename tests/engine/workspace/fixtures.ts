/** Test fixtures for workspace tests: temp folders and small real PNG/JPEG files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export function tempDir(prefix = 'taggan-ws-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a w x h grayscale PNG whose pixels depend on `seed` (so different seeds give different hashes). */
export function writeTestPng(path: string, w: number, h: number, seed: number): string {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    const v = (i * 7 + seed * 13) & 255;
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(png));
  return path;
}

export function writeTestJpeg(path: string, w: number, h: number): string {
  const data = Buffer.alloc(w * h * 4, 128);
  writeFileSync(path, jpeg.encode({ data, width: w, height: h }, 90).data);
  return path;
}
