/**
 * 12-bit lossy JPEG (.51 and the retired .53/.55) held to DCMTK's own command-line decoder (dcmdjpeg,
 * Debian's native build of DCMTK with its IJG 12-bit library): the conformance files, and files made
 * here with dcmcjpeg (2-frame grayscale in all three processes, 12-bit colour as YBR_FULL_422 and as
 * RGB). Also: signed data, typed errors for damaged frames, and that decoding keeps working after the
 * codec has failed (a failure leaves the wasm instance unusable; the codec must start a fresh one).
 * Skips with a reason where dcmcjpeg/dcmdjpeg are not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { DecodedDicom } from '../../../engine/protocol/dicom';
import { decodeDicom } from '../../../engine/src/dicom/decodeDicom';
import { EngineError } from '../../../engine/src/errors';
import { SHARED } from '../../helpers/cli';
import { bogusHuffman, firstFrame, markerAt, TS_JPEG_EXTENDED, wrap51 } from './helpers/jpeg12Frames';
import { indexOf, tagBytes } from './helpers/mutations';
import { imageElems, u16le, writeDicom } from './helpers/writeDicom';

const DIR = join(SHARED, 'dicom', 'conformance');
const CONFORMANCE = [
  'CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm',
  'CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm',
  'CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm',
  'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm',
];
const HAVE_FILES = CONFORMANCE.every((f) => existsSync(join(DIR, f)));
const HAVE_DCMTK = ['dcmcjpeg', 'dcmdjpeg'].every((t) => spawnSync(t, ['--version'], { stdio: 'ignore' }).status === 0);
const NO_DCMTK = HAVE_DCMTK ? false : 'dcmcjpeg/dcmdjpeg (DCMTK) not installed';
const TS = { ext: TS_JPEG_EXTENDED, spectral: '1.2.840.10008.1.2.4.53', progressive: '1.2.840.10008.1.2.4.55' };

let tmp = '';
function tmpDir(): string {
  tmp ||= mkdtempSync(join(tmpdir(), 'taggan-jpeg12-'));
  return tmp;
}
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
}

/** DCMTK's decode of `path`, read back through the (lossless, hash-checked) native path. */
async function dcmtkDecode(path: string): Promise<DecodedDicom> {
  const out = join(tmpDir(), `dj-${Math.random().toString(36).slice(2)}.dcm`);
  run('dcmdjpeg', [path, out]);
  const d = await decodeDicom(new Uint8Array(readFileSync(out)), out);
  assert.equal(d.info.transferSyntaxUid, '1.2.840.10008.1.2.1');
  return d;
}

function psnr(a: Int32Array[], b: Int32Array[], peak: number): { psnr: number; maxAbs: number } {
  assert.equal(a.length, b.length, 'frame count');
  let se = 0;
  let n = 0;
  let maxAbs = 0;
  for (let f = 0; f < a.length; f++) {
    assert.equal(a[f]!.length, b[f]!.length, `frame ${f} sample count`);
    for (let i = 0; i < a[f]!.length; i++) {
      const d = a[f]![i]! - b[f]![i]!;
      se += d * d;
      maxAbs = Math.max(maxAbs, Math.abs(d));
    }
    n += a[f]!.length;
  }
  return { psnr: se === 0 ? Infinity : 10 * Math.log10((peak * peak) / (se / n)), maxAbs };
}

/** Ours against DCMTK's: same geometry, PSNR >= 40 dB (peak 4095). */
async function holdToDcmtk(path: string, name: string, t: { diagnostic(m: string): void }): Promise<DecodedDicom> {
  const ours = await decodeDicom(new Uint8Array(readFileSync(path)), name);
  const ref = await dcmtkDecode(path);
  assert.equal(ours.info.rows, ref.info.rows);
  assert.equal(ours.info.columns, ref.info.columns);
  assert.equal(ours.frames.length, ref.frames.length);
  assert.equal(ours.outputSamples, ref.outputSamples);
  const r = psnr(ours.frames, ref.frames, 4095);
  t.diagnostic(`${ours.info.columns}x${ours.info.rows}x${ours.outputSamples} x ${ours.frames.length} frames vs dcmdjpeg: PSNR ${r.psnr.toFixed(1)} dB, max |diff| ${r.maxAbs}`);
  assert.ok(r.psnr >= 40, `PSNR ${r.psnr.toFixed(2)} dB < 40 dB`);
  return ours;
}

describe('12-bit lossy JPEG conformance files vs dcmdjpeg', { skip: !HAVE_FILES ? `conformance files missing in ${DIR}` : NO_DCMTK }, () => {
  for (const name of CONFORMANCE) {
    test(name, async (t) => {
      const d = await holdToDcmtk(join(DIR, name), name, t);
      assert.equal(d.info.bitsStored, 12);
    });
  }
});

describe('12-bit lossy JPEG made with dcmcjpeg vs dcmdjpeg', { skip: NO_DCMTK }, () => {
  const W = 64;
  const H = 48;
  const files: Record<string, string> = {};
  before(() => {
    const dir = tmpDir();
    const gray: number[] = [];
    for (let f = 0; f < 2; f++)
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) gray.push(Math.round(2047 + 1800 * Math.sin(x / 9 + f) * Math.cos(y / 7)));
    const rgb: number[] = [];
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) rgb.push(x * 60, y * 80, 4095 - x * 30);
    writeFileSync(join(dir, 'gray.dcm'), writeDicom([...imageElems({ rows: H, columns: W, bitsAllocated: 16, bitsStored: 12, frames: 2 }), { tag: [0x7fe0, 0x0010], vr: 'OW', value: u16le(gray) }]));
    writeFileSync(
      join(dir, 'rgb.dcm'),
      writeDicom([...imageElems({ rows: H, columns: W, bitsAllocated: 16, bitsStored: 12, photometric: 'RGB', samplesPerPixel: 3 }), { tag: [0x7fe0, 0x0010], vr: 'OW', value: u16le(rgb) }]),
    );
    for (const [mode, flag] of [
      ['ext', '+ee'],
      ['spectral', '+es'],
      ['progressive', '+ep'],
    ] as const) {
      for (const src of ['gray', 'rgb']) {
        files[`${src}-${mode}`] = join(dir, `${src}-${mode}.dcm`);
        run('dcmcjpeg', [flag, '+bt', join(dir, `${src}.dcm`), files[`${src}-${mode}`]!]);
      }
    }
    files['rgb-ext-rgb'] = join(dir, 'rgb-ext-rgb.dcm');
    run('dcmcjpeg', ['+ee', '+bt', '+cr', join(dir, 'rgb.dcm'), files['rgb-ext-rgb']]);
  });

  for (const mode of ['ext', 'spectral', 'progressive'] as const) {
    test(`2-frame grayscale, ${mode} (${TS[mode]})`, async (t) => {
      const d = await holdToDcmtk(files[`gray-${mode}`]!, `gray-${mode}.dcm`, t);
      assert.equal(d.info.transferSyntaxUid, TS[mode]);
      assert.equal(d.frames.length, 2);
    });
    test(`12-bit colour YBR_FULL_422 -> RGB, ${mode} (${TS[mode]})`, async (t) => {
      const d = await holdToDcmtk(files[`rgb-${mode}`]!, `rgb-${mode}.dcm`, t);
      assert.equal(d.info.transferSyntaxUid, TS[mode]);
      assert.equal(d.info.photometric, 'YBR_FULL_422');
    });
  }
  test('12-bit colour compressed as RGB (no colour transform)', async (t) => {
    const d = await holdToDcmtk(files['rgb-ext-rgb']!, 'rgb-ext-rgb.dcm', t);
    assert.equal(d.info.photometric, 'RGB');
  });
  test('signed 12-bit: the codestream values are two\'s complement in Bits Stored', async () => {
    const bytes = new Uint8Array(readFileSync(files['gray-ext']!));
    const ref = await dcmtkDecode(files['gray-ext']!);
    const at = indexOf(bytes, [...tagBytes(0x0028, 0x0103), 0x55, 0x53], 132);
    assert.ok(at > 0);
    bytes[at + 8] = 1; // Pixel Representation = 1
    const d = await decodeDicom(bytes, 'signed.dcm');
    assert.equal(d.info.pixelRepresentation, 1);
    const want = ref.frames.map((f) => Int32Array.from(f, (v) => (v >= 2048 ? v - 4096 : v)));
    assert.ok(want[0]!.some((v) => v < 0) && want[0]!.some((v) => v > 0), 'the test data must cover both signs');
    assert.deepEqual(d.frames, want);
  });
});

describe('damaged 12-bit JPEG frames', { skip: HAVE_FILES ? false : `conformance files missing in ${DIR}` }, () => {
  const good = HAVE_FILES ? firstFrame(DIR, CONFORMANCE[0]!) : new Uint8Array(0);

  test('a codec failure is CORRUPT naming the file and the codec', async () => {
    await assert.rejects(decodeDicom(wrap51(bogusHuffman(good), 512, 512), 'bad-dht.dcm'), (e: unknown) => {
      assert.ok(e instanceof EngineError, String(e));
      assert.equal(e.code, 'CORRUPT');
      assert.match(e.message, /bad-dht\.dcm/);
      assert.match(e.message, /IJG 12-bit/);
      return true;
    });
  });

  test('decoding keeps working, with the same result, after 80 codec failures (in a worker, 90 s guard)', async () => {
    // Each failure leaves about 2 KiB of the wasm instance's C stack unreleased; reusing the instance
    // corrupts it after a few dozen failures (decodes then loop), so 80 rounds catch a missing reset.
    const w = new Worker(new URL('./helpers/tsWorker.mjs', import.meta.url), {
      workerData: { script: new URL('./helpers/jpeg12RecoveryWorker.ts', import.meta.url).href, dir: DIR, file: CONFORMANCE[0], rounds: 80 },
    });
    try {
      const r = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer within 90 s: a decode after a failure hangs')), 90_000);
        w.once('message', (m: { ok: boolean; message?: string }) => {
          clearTimeout(timer);
          resolve(m);
        });
        w.once('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      });
      assert.ok(r.ok, r.message);
    } finally {
      await w.terminate();
    }
  });

  test('concurrent decodes: failures among them do not break the good ones', async () => {
    const first = (await decodeDicom(wrap51(good, 512, 512), 'good.dcm')).frames[0]!;
    const jobs = Array.from({ length: 16 }, (_, k) => decodeDicom(wrap51(k % 2 ? bogusHuffman(good) : good, 512, 512), `c${k}.dcm`));
    const settled = await Promise.allSettled(jobs);
    settled.forEach((r, k) => {
      if (k % 2) {
        assert.equal(r.status, 'rejected', `job ${k}`);
        const e = (r as PromiseRejectedResult).reason as unknown;
        assert.ok(e instanceof EngineError && e.code === 'CORRUPT', `job ${k}: ${String(e)}`);
      } else {
        assert.equal(r.status, 'fulfilled', `job ${k}: ${r.status === 'rejected' ? String(r.reason) : ''}`);
        assert.deepEqual((r as PromiseFulfilledResult<DecodedDicom>).value.frames[0], first, `job ${k}`);
      }
    });
  });

  test('a frame far too short for its size is CORRUPT before the codec allocates it', async () => {
    // SOF says 4096x4096 (as does the DICOM header); 1000 bytes cannot hold that many blocks.
    const b = good.slice(0, 1000);
    b.set([0x10, 0x00, 0x10, 0x00], markerAt(b, 0xc1) + 5);
    await assert.rejects(decodeDicom(wrap51(b, 4096, 4096), 'short.dcm'), (e: unknown) => {
      assert.ok(e instanceof EngineError, String(e));
      assert.equal(e.code, 'CORRUPT');
      assert.match(e.message, /short\.dcm: .*1000 bytes cannot hold a 4096x4096 JPEG frame/);
      return true;
    });
  });

  test('DCT sample precision other than 8 or 12 is CORRUPT; more bits than allocated is CORRUPT', async () => {
    const b = good.slice();
    b[markerAt(b, 0xc1) + 4] = 10;
    await assert.rejects(decodeDicom(wrap51(b, 512, 512), 'p10.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'CORRUPT' && /p10\.dcm: .*10-bit samples \(8 or 12 are valid\)/.test(e.message));
    await assert.rejects(decodeDicom(wrap51(good, 512, 512, 8), 'in8.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'CORRUPT' && /in8\.dcm: .*12-bit JPEG samples in 8-bit allocated/.test(e.message));
  });

  test('a codestream whose size disagrees with the DICOM header is CORRUPT', async () => {
    await assert.rejects(decodeDicom(wrap51(good, 256, 512), 'size.dcm'), (e: unknown) => e instanceof EngineError && e.code === 'CORRUPT' && /size\.dcm: .*512x512.*512x256/.test(e.message));
  });
});
