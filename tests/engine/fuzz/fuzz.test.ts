/**
 * Bounded fuzz test: a few hundred malformed inputs generated at test time (corpus.ts) go through the CLI
 * decode, the import probe and the exporter's header read in a child process. Asserted: every outcome is a
 * decode or a typed error (never untyped, never INTERNAL); no crash; no file takes longer than CASE_LIMIT_MS
 * (the child is killed and the case counted as a hang); the child's peak RSS (its own resource usage) stays
 * under RSS_CAP_MIB; the child writes almost nothing to stderr (no log spew). Files refused by recipe must be
 * refused by the import, files that must decode must be admitted.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ERROR_CODES } from '../../../engine/protocol/errors';
import { SHARED } from '../../helpers/cli';
import { writeFuzzCorpus, type FuzzCase } from './corpus';

/** No single input may take longer than this (all three reads together). */
const CASE_LIMIT_MS = 20_000;
/** Peak RSS of the decoding child (Node + tsx + codecs + the largest input it is allowed to inflate). */
const RSS_CAP_MIB = 1024;
/** The whole run is time-boxed. */
const TOTAL_LIMIT_MS = 120_000;

const dir = mkdtempSync(join(tmpdir(), 'taggan-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  i: number;
  decode: string;
  probe: string;
  header: string;
  maxRssKiB: number;
}

async function runAll(cases: FuzzCase[]): Promise<{ results: Map<number, Result>; hangs: number[]; crashes: number[]; peakRssKiB: number; stderrBytes: number }> {
  const list = join(dir, 'list.json');
  writeFileSync(list, JSON.stringify(cases.map((c) => c.path)));
  const results = new Map<number, Result>();
  const hangs: number[] = [];
  const crashes: number[] = [];
  let peakRssKiB = 0;
  let stderrBytes = 0;
  const deadline = Date.now() + TOTAL_LIMIT_MS;
  let from = 0;
  while (from < cases.length && Date.now() < deadline) {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./fuzzWorker.ts', import.meta.url).pathname, list, String(from)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.on('data', (d: Buffer) => { stderrBytes += d.length; });
    let current = -1;
    let buf = '';
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, CASE_LIMIT_MS);
    };
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = JSON.parse(line) as Partial<Result> & { start?: boolean; done?: boolean };
        if (m.maxRssKiB) peakRssKiB = Math.max(peakRssKiB, m.maxRssKiB);
        if (m.start) { current = m.i!; arm(); }
        else if (m.done) clearTimeout(timer);
        else { results.set(m.i!, m as Result); current = -1; clearTimeout(timer); }
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    if (current >= 0) {
      (hung ? hangs : crashes).push(current);
      from = current + 1;
    } else if (code !== 0) {
      crashes.push(from);
      from = Math.max(from, ...results.keys()) + 1;
    } else {
      from = cases.length;
    }
  }
  return { results, hangs, crashes, peakRssKiB, stderrBytes };
}

test('fuzz corpus: typed error or decode, no crash, no hang, peak RSS under the cap', { timeout: TOTAL_LIMIT_MS + 60_000 }, async () => {
  const t0 = Date.now();
  const cases = await writeFuzzCorpus(dir, join(SHARED, 'dicom', 'conformance'));
  const { results, hangs, crashes, peakRssKiB, stderrBytes } = await runAll(cases);
  const typed = new Set<string>([...ERROR_CODES.filter((c) => c !== 'INTERNAL'), 'ok']);
  const bad: string[] = [];
  const tally = new Map<string, number>();
  for (const [i, r] of results) {
    const c = cases[i]!;
    for (const k of ['decode', 'probe', 'header'] as const) {
      tally.set(`${k}:${r[k]}`, (tally.get(`${k}:${r[k]}`) ?? 0) + 1);
      if (!typed.has(r[k])) bad.push(`${c.name} ${k}: ${r[k]}`);
    }
    if (c.expect === 'refuse' && r.probe === 'ok') bad.push(`${c.name}: admitted by the import, the recipe must be refused`);
    if (c.expect === 'decode' && (r.probe !== 'ok' || r.decode !== 'ok')) bad.push(`${c.name}: must decode and be admitted (decode ${r.decode}, import ${r.probe})`);
    // Import admits exactly what decodes (the import also needs one frame and the UIDs; it may refuse more).
    if (r.probe === 'ok' && r.decode !== 'ok') bad.push(`${c.name}: admitted by the import but decode says ${r.decode}`);
  }
  const peakMiB = Math.round(peakRssKiB / 1024);
  console.log(
    `fuzz: ${cases.length} inputs, ${results.size} finished, ${crashes.length} crashes, ${hangs.length} hangs (limit ${CASE_LIMIT_MS} ms), ` +
      `peak child RSS ${peakMiB} MiB (cap ${RSS_CAP_MIB}), child stderr ${stderrBytes} bytes, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`fuzz outcomes: ${[...tally].sort().map(([k, v]) => `${k}=${v}`).join(' ')}`);
  assert.ok(cases.length >= 200, `corpus has only ${cases.length} inputs`);
  assert.deepEqual(crashes.map((i) => cases[i]!.name), [], 'crashed the child');
  assert.deepEqual(hangs.map((i) => cases[i]!.name), [], `ran past ${CASE_LIMIT_MS} ms`);
  assert.equal(results.size, cases.length, 'every input finished within the time box');
  assert.deepEqual(bad, []);
  assert.ok(peakMiB < RSS_CAP_MIB, `peak RSS ${peakMiB} MiB >= cap ${RSS_CAP_MIB} MiB`);
  assert.ok(stderrBytes < 64 * 1024, `the child wrote ${stderrBytes} bytes to stderr`);
});
