/**
 * Lung-model benchmark (not a test): ms per image for the lung fields of a chest CR at its own size
 * (1841x1955, the shared MONOCHROME1 sample; decode not counted): resize to the model grid + network
 * (`probability`), and the mask at the image size (upsampling, threshold, two largest regions, holes filled).
 * Median of `runs` after one warm-up, on the requested backend (default wasm).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../host/paths';
import { loadGrayImage } from '../image/loadImage';
import { loadLungModel } from '../lungs/lungModel';
import { lungMaskFromProb } from '../../mask/lungMaskFromProb';
import { resolveLungModelDir } from '../propose/lungPrior';
import { initBackend } from '../tf/backends';

export interface LungBenchResult {
  backend: string;
  image: string;
  width: number;
  height: number;
  runs: number;
  /** Resize to the grid + network, ms median. */
  networkMs: number;
  /** Mask at the image size from the probabilities, ms median. */
  maskMs: number;
  /** Both, ms median of the sums. */
  totalMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function lungBench(opts: { backend?: string; runs?: number } = {}): Promise<LungBenchResult | { skipped: string }> {
  const dir = resolveLungModelDir();
  if (!dir) return { skipped: 'no lung model in models/lungs' };
  const chest = join(appRoot(), '..', 'shared', 'dicom', 'samples', 'chest-cr-RG1_J2KI.dcm');
  if (!existsSync(chest)) return { skipped: `no chest CR at ${chest}` };
  const report = await initBackend(opts.backend ?? 'wasm');
  const model = loadLungModel(dir);
  try {
    const g = await loadGrayImage(chest);
    const runs = opts.runs ?? 5;
    const net: number[] = [];
    const mask: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const p = await model.probability(g);
      const t1 = performance.now();
      lungMaskFromProb(p, model.size, model.size, g.width, g.height);
      const t2 = performance.now();
      if (i > 0) { net.push(t1 - t0); mask.push(t2 - t1); }
    }
    const total = net.map((v, i) => v + mask[i]!);
    const r: LungBenchResult = { backend: report.chosen, image: 'chest-cr-RG1_J2KI.dcm', width: g.width, height: g.height, runs, networkMs: median(net), maskMs: median(mask), totalMs: median(total) };
    console.log(JSON.stringify({ bench: 'lungs', ...r }));
    return r;
  } finally {
    model.dispose();
  }
}
