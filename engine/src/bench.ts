/**
 * `npm run bench`: every benchmark, as JSON lines plus a readable table at the end. Never part of the tests.
 *   npm run bench -- [mask] [viewer] [review] [model] [lungs] [train] [pacs]   (default: all)
 * Set TAGGAN_BACKEND to choose the TF.js backend for the model benchmarks.
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runMaskBench } from './bench/maskBench';
import { lungBench } from './bench/lungBench';
import { pacsBench } from './bench/pacsBench';
import { runModelBench } from './bench/modelBench';
import { reviewBench } from './bench/reviewBench';
import { matmulGflops, runTrainBench, trainBenchOne, trainBenchTable, type TrainBenchCase } from './bench/trainBench';
import { viewerBench } from './bench/viewerBench';

interface Row { bench: string; what: string; figure: string }

// Children of the training bench: one figure each, one JSON line on stdout.
if (process.argv[2] === 'train-one') {
  console.log(JSON.stringify(await trainBenchOne(JSON.parse(process.argv[3]!) as TrainBenchCase)));
  process.exit(0);
}
if (process.argv[2] === 'train-peak') {
  console.log(JSON.stringify({ gflops: await matmulGflops() }));
  process.exit(0);
}

const want = new Set(process.argv.slice(2));
const all = want.size === 0;
const rows: Row[] = [];
console.log(JSON.stringify({ bench: 'machine', platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node }));

if (all || want.has('mask')) {
  for (const l of runMaskBench(2048, 15, true)) rows.push({ bench: 'mask 2048x2048', what: l.step, figure: `${l.medianMs.toFixed(1)} ms median (min ${l.minMs.toFixed(1)})` });
}

if (all || want.has('viewer')) {
  const v = await viewerBench({ runs: 3 });
  rows.push({ bench: 'viewer chest CR', what: 'engine image.open (read + J2K decode)', figure: `${v.engineOpenMs.median} ms median (decode ${v.engineDecodeMs.median} ms)` });
  if ('skipped' in v.firstPaint) rows.push({ bench: 'viewer chest CR', what: 'first paint in Chromium', figure: `skipped: ${v.firstPaint.skipped}` });
  else rows.push({ bench: 'viewer chest CR', what: 'request -> first paint in Chromium', figure: `${v.firstPaint.requestToPaintMs.median} ms median` });
}

if (all || want.has('review')) {
  const r = await reviewBench({ size: 2048, moves: 20 });
  if ('skipped' in r) rows.push({ bench: 'review 2048x2048', what: 'threshold slider in Chromium', figure: `skipped: ${r.skipped}` });
  else {
    rows.push({ bench: 'review 2048x2048', what: `slider: renderer recompute (${r.regions} regions)`, figure: `${r.recomputeMs.median} ms median (min ${r.recomputeMs.min})` });
    rows.push({ bench: 'review 2048x2048', what: 'slider: input -> frame showing the new mask', figure: `${r.screenMs.median} ms median (min ${r.screenMs.min})` });
  }
}

if (all || want.has('model')) {
  const backends = process.env.TAGGAN_BACKEND ? [process.env.TAGGAN_BACKEND] : undefined;
  for (const r of await runModelBench({ backends })) {
    rows.push({
      bench: `model ${r.preset} ${r.backend}`,
      what: `${r.what} ${r.size}x${r.size} (${(r.params / 1e6).toFixed(2)} M params)`,
      figure: r.ms === null ? `skipped: ${r.skipped ?? '?'}` : `${r.ms.toFixed(1)} ms median of ${r.runs}`,
    });
  }
}

if (all || want.has('train')) {
  const r = await runTrainBench({ script: fileURLToPath(import.meta.url) });
  console.log('');
  for (const l of trainBenchTable(r)) console.log(l);
  for (const x of r.rows) {
    if (x.stepMs === null) rows.push({ bench: `train ${x.preset} ${x.size}px`, what: `${x.threads} thread(s), batch ${x.batch}`, figure: `skipped: ${x.skipped}` });
    else rows.push({ bench: `train ${x.preset} ${x.size}px`, what: `${x.threads} thread(s), batch ${x.batch}`, figure: `${x.stepMs} ms/step, ${x.imagesPerSec} images/s, ${x.gflops} GFLOP/s, ${x.peakRssMB} MB RSS` });
  }
}

if (all || want.has('lungs')) {
  const l = await lungBench({ backend: process.env.TAGGAN_BACKEND ?? 'wasm' });
  if ('skipped' in l) rows.push({ bench: 'lungs', what: 'lung fields of a chest CR', figure: `skipped: ${l.skipped}` });
  else rows.push({ bench: `lungs ${l.backend}`, what: `lung fields of a chest CR ${l.width}x${l.height} (decode not counted)`, figure: `${l.totalMs.toFixed(0)} ms median of ${l.runs} (network ${l.networkMs.toFixed(0)} ms, mask at full size ${l.maskMs.toFixed(0)} ms)` });
}

if (all || want.has('pacs')) {
  const p = await pacsBench();
  console.log(JSON.stringify({ bench: 'pacs', ...p }));
  if ('skipped' in p) rows.push({ bench: 'pacs', what: 'import of the chest CR from Orthanc on loopback', figure: `skipped: ${p.skipped}` });
  else {
    rows.push({ bench: 'pacs Orthanc loopback', what: `import ${p.images} x chest CR 1841x1955 J2K (WADO-RS + decode + commit)`, figure: `${p.importImagesPerSec} images/s (${p.importSeconds} s)` });
    rows.push({ bench: 'pacs Orthanc loopback', what: `download only, ${p.images} x ${(p.megabytes / p.images).toFixed(2)} MB (WADO-RS)`, figure: `${p.downloadImagesPerSec} images/s, ${p.downloadMBPerSec} MB/s` });
  }
}

const w1 = Math.max(...rows.map((r) => r.bench.length), 5);
const w2 = Math.max(...rows.map((r) => r.what.length), 4);
console.log(`\n${'bench'.padEnd(w1)}  ${'what'.padEnd(w2)}  figure`);
for (const r of rows) console.log(`${r.bench.padEnd(w1)}  ${r.what.padEnd(w2)}  ${r.figure}`);
