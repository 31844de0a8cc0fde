/**
 * Worker for the robustness test: builds damaged variants of DICOM files and decodes them on request,
 * so the test's time guard can terminate a decode that hangs (a worker can be stopped mid-loop).
 * Messages in: {list: true} -> {cases: string[]}; {run: i} -> {i, outcome, code?, message?}.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeDicom } from '../../../../engine/src/dicom/decodeDicom';
import { EngineError } from '../../../../engine/src/errors';
import { flipBits, indexOf, overwrite, tagBytes, truncate } from './mutations';

interface Case {
  name: string;
  bytes: () => Uint8Array;
  /** The damage leaves the pixel data intact: decoding must succeed. */
  mustDecode?: boolean;
}

const { dir, files } = workerData as { dir: string; files: string[] };

function casesFor(path: string, seedBase: number): Case[] {
  const src = new Uint8Array(readFileSync(join(dir, path)));
  const file = basename(path);
  const n = src.length;
  const pix = Math.max(132, indexOf(src, [0xe0, 0x7f, 0x10, 0x00]));
  const ts = indexOf(src, [0x02, 0x00, 0x10, 0x00]);
  const rowsAt = indexOf(src, tagBytes(0x0028, 0x0010), 132);
  const c: Case[] = [];
  for (const cut of [60, 131, 200, Math.floor(pix + 20), Math.floor(n * 0.6), n - 3]) {
    c.push({ name: `${file} truncated at ${cut}`, bytes: () => truncate(src, cut) });
  }
  for (let k = 0; k < 3; k++) c.push({ name: `${file} 12 bit flips anywhere #${k}`, bytes: () => flipBits(src, 12, seedBase + k) });
  for (let k = 0; k < 2; k++) c.push({ name: `${file} 40 bit flips in pixel data #${k}`, bytes: () => flipBits(src, 40, seedBase + 100 + k, pix + 12) });
  c.push({ name: `${file} DICM magic garbled`, bytes: () => overwrite(src, 128, [0x44, 0x49, 0x43, 0x4e]) });
  c.push({ name: `${file} preamble filled with garbage`, bytes: () => overwrite(src, 0, Array.from({ length: 128 }, (_, i) => (i * 37 + 11) & 0xff)), mustDecode: true });
  // Transfer syntax UID value replaced by another (same length where possible, so the header still parses).
  c.push({
    name: `${file} transfer syntax UID changed`,
    bytes: () => {
      if (ts < 0) return src.slice();
      const len = src[ts + 6]! | (src[ts + 7]! << 8);
      const alt = len >= 22 ? '1.2.840.10008.1.2.4.90' : '1.2.840.10008.1.2.5';
      const bytes = Array.from(new TextEncoder().encode(alt.padEnd(len, '\0').slice(0, len)));
      return overwrite(src, ts + 8, bytes);
    },
  });
  c.push({ name: `${file} Rows length field corrupted`, bytes: () => (rowsAt < 0 ? src.slice() : overwrite(src, rowsAt + 6, [0xf1, 0x7f])) });
  c.push({ name: `${file} Rows set to 65535`, bytes: () => (rowsAt < 0 ? src.slice() : overwrite(src, rowsAt + 8, [0xff, 0xff])) });
  c.push({ name: `${file} Pixel Data length corrupted`, bytes: () => overwrite(src, pix + 8, [0x10, 0x00, 0x00, 0x7f]) });
  return c;
}

const cases: Case[] = files.flatMap((f, i) => casesFor(f, 1000 * (i + 1)));

parentPort!.on('message', async (msg: { list?: true; run?: number }) => {
  if (msg.list) {
    parentPort!.postMessage({ cases: cases.map((c) => ({ name: c.name, mustDecode: !!c.mustDecode })) });
    return;
  }
  const i = msg.run!;
  const c = cases[i]!;
  try {
    const d = await decodeDicom(c.bytes(), c.name);
    const per = d.info.rows * d.info.columns * d.outputSamples;
    const sizeOk = d.frames.length === d.info.frames && d.frames.every((f) => f.length === per);
    parentPort!.postMessage({ i, outcome: sizeOk ? 'decoded' : 'wrong-size', message: `${d.frames.length} frames of ${d.frames[0]?.length}` });
  } catch (e) {
    if (e instanceof EngineError) parentPort!.postMessage({ i, outcome: 'typed', code: e.code, message: e.message, named: e.message.includes(c.name) });
    else parentPort!.postMessage({ i, outcome: 'untyped', message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) });
  }
});
