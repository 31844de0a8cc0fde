/**
 * Robustness: truncated, bit-flipped and header-mangled variants of the conformance files must end in
 * a typed EngineError naming the file, or a decode of the right size; never an untyped exception and
 * never a hang (each case runs in a worker and fails if it takes longer than 20 s).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { after, before, describe, test } from 'node:test';
import { SHARED } from '../../helpers/cli';

const DIR = join(SHARED, 'dicom', 'conformance');
const CASE_LIMIT_MS = 20_000;
const FILES = [
  'CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm',
  'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm',
  'CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm',
  'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm',
  'CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm',
  'CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm',
  'CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm',
  'CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm',
  'CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm',
  'TestPattern_JPEG-Baseline_YBR422.dcm',
  'TestPattern_Palette_16.dcm',
  'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm',
  'CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm',
  'CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm',
  '../samples/chest-cr-RG1_J2KI.dcm',
];
const HAVE = FILES.every((f) => existsSync(join(DIR, f)));
const TYPED_CODES = new Set(['NOT_DICOM', 'NO_PIXEL_DATA', 'UNSUPPORTED_TRANSFER_SYNTAX', 'UNSUPPORTED_IMAGE', 'TRUNCATED', 'CORRUPT']);

interface Reply {
  i: number;
  outcome: 'decoded' | 'wrong-size' | 'typed' | 'untyped';
  code?: string;
  message?: string;
  named?: boolean;
}

describe('damaged DICOM files fail typed or decode to the right size', { skip: HAVE ? false : `conformance files missing in ${DIR}` }, () => {
  let worker: Worker;
  let cases: { name: string; mustDecode: boolean }[] = [];
  const tally = new Map<string, number>();

  function spawn(): Worker {
    const script = new URL('./helpers/robustnessWorker.ts', import.meta.url).href;
    const w = new Worker(new URL('./helpers/tsWorker.mjs', import.meta.url), { workerData: { script, dir: DIR, files: FILES } });
    w.on('error', (e) => console.error(`robustness worker error: ${e.stack ?? e}`));
    w.unref();
    return w;
  }

  function ask<T>(msg: object, ms: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMsg);
        void worker.terminate();
        worker = spawn();
        reject(new Error(`${what}: no answer within ${ms / 1000} s (hang)`));
      }, ms);
      const onMsg = (m: T) => {
        clearTimeout(timer);
        worker.off('message', onMsg);
        resolve(m);
      };
      worker.on('message', onMsg);
      worker.postMessage(msg);
    });
  }

  before(async () => {
    worker = spawn();
    cases = (await ask<{ cases: typeof cases }>({ list: true }, 60_000, 'listing cases')).cases;
  });
  after(async () => {
    await worker?.terminate();
    console.log(`outcomes: ${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });

  test('every case', async (t) => {
    assert.ok(cases.length >= 120, `only ${cases.length} cases`);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      await t.test(c.name, async () => {
        const r = await ask<Reply>({ run: i }, CASE_LIMIT_MS, c.name);
        const key = r.outcome === 'typed' ? r.code! : r.outcome;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        assert.notEqual(r.outcome, 'untyped', `untyped exception: ${r.message}`);
        assert.notEqual(r.outcome, 'wrong-size', `decoded to the wrong size: ${r.message}`);
        if (c.mustDecode) assert.equal(r.outcome, 'decoded', `intact pixel data failed: ${r.code} ${r.message}`);
        if (r.outcome === 'typed') {
          assert.ok(TYPED_CODES.has(r.code!), `unexpected code ${r.code}: ${r.message}`);
          assert.ok(r.named, `message does not name the file: ${r.message}`);
        }
      });
    }
  });
});
