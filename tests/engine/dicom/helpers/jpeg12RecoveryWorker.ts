/**
 * Worker for jpeg12.test.ts: alternates failing and good 12-bit JPEG decodes `rounds` times and posts
 * {ok} or {ok: false, message}. Run in a worker so that the test can stop a decode that never returns
 * (a codec instance reused after a failure can loop in wasm, which no timer in the same thread stops).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeDicom } from '../../../../engine/src/dicom/decodeDicom';
import { EngineError } from '../../../../engine/src/errors';
import { bogusHuffman, firstFrame, wrap51 } from './jpeg12Frames';

const { dir, file, rounds } = workerData as { dir: string; file: string; rounds: number };

async function main(): Promise<string | undefined> {
  const good = firstFrame(dir, file);
  const bad = wrap51(bogusHuffman(good), 512, 512);
  const goodFile = wrap51(good, 512, 512);
  const first = (await decodeDicom(goodFile, 'good.dcm')).frames[0]!;
  for (let k = 0; k < rounds; k++) {
    try {
      await decodeDicom(bad, `bad-${k}.dcm`);
      return `round ${k}: the damaged frame decoded`;
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'CORRUPT') return `round ${k}: ${e instanceof Error ? e.message : String(e)}`;
    }
    const again = (await decodeDicom(goodFile, 'good.dcm')).frames[0]!;
    if (again.length !== first.length || again.some((v, i) => v !== first[i])) return `round ${k}: the good frame decoded differently after a failure`;
  }
  return undefined;
}

main().then(
  (message) => parentPort!.postMessage(message === undefined ? { ok: true } : { ok: false, message }),
  (e: unknown) => parentPort!.postMessage({ ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
