/**
 * Child process of fuzz.test.ts: runs each corpus file through the three ways the engine reads an input file
 * (the CLI/viewer decode, the import probe, the exporter's header read) and prints one JSON line per file
 * with each outcome ('ok' or the error code, 'untyped: ...' for anything not an EngineError) and the peak
 * RSS so far (process.resourceUsage().maxRSS, KiB). A "start" line before each file lets the parent time it.
 */
import { readFileSync } from 'node:fs';
import { readDicomFile } from '../../../engine/src/dicom/readDicomFile';
import { EngineError } from '../../../engine/src/errors';
import { readSourceHeader } from '../../../engine/src/export/readSourceHeader';
import { readInputFile } from '../../../engine/src/util/readInputFile';
import { probeImageFile } from '../../../engine/src/workspace/probeImageFile';

const paths = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const from = Number(process.argv[3] ?? 0);

async function outcome(f: () => unknown): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    return `untyped: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300);
  }
}

for (let i = from; i < paths.length; i++) {
  const p = paths[i]!;
  process.stdout.write(`${JSON.stringify({ i, start: true })}\n`);
  const decode = await outcome(() => readDicomFile(p));
  const probe = await outcome(() => probeImageFile(p));
  const header = await outcome(() => readSourceHeader(readInputFile(p), p));
  process.stdout.write(`${JSON.stringify({ i, decode, probe, header, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}
process.stdout.write(`${JSON.stringify({ done: true, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
