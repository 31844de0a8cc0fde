import { homedir } from 'node:os';
import { sep } from 'node:path';
import { boolean, empty, number, object, optional, string } from '../../protocol/schema';
import type { Registry } from '../core/registry';
import { listDir } from '../viewer/listDir';
import { scanImages } from '../viewer/scanImages';

/** fs.places, fs.list, fs.scan: the file system as the in-app browser and "open folder" see it. */
export function registerFsMethods(reg: Registry): void {
  reg.add('fs.places', empty(), () => ({ home: homedir(), cwd: process.cwd(), sep: sep === '\\' ? '\\' : '/' }));

  reg.add('fs.list', object({ dir: string({ minLength: 1, maxLength: 4096 }), hidden: optional(boolean()) }), (p) =>
    listDir(p.dir, { hidden: p.hidden === true }),
  );

  reg.add(
    'fs.scan',
    object({ path: string({ minLength: 1, maxLength: 4096 }), maxFiles: optional(number({ int: true, min: 1, max: 1_000_000 })) }),
    (p, ctx) =>
      scanImages(p.path, {
        signal: ctx.signal,
        onProgress: (data) => ctx.progress({ stage: 'scanning', done: data.found, total: 0, unit: 'images', data }),
        ...(p.maxFiles === undefined ? {} : { maxFiles: p.maxFiles }),
      }),
  );
}
