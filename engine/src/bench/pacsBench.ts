/**
 * `npm run bench -- pacs`: import speed from a real Orthanc on loopback. The sample chest CR (1841x1955, lossy
 * JPEG 2000, 677 kB) is stored N times as one series (fresh SOP Instance UIDs, same pixels), then imported into
 * a fresh workspace with the app's import (WADO-RS per instance + write + the decode every import does + SQLite
 * commit), and separately only downloaded (WADO-RS, no decode), to tell the network part from the decode.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dcmjs, toArrayBuffer } from '../dicom/dcmjs';
import { newUid } from '../export/dicomSeg';
import { appRoot } from '../host/paths';
import { DicomWebClient } from '../pacs/dicomwebClient';
import { importSeries } from '../pacs/importSeries';
import { orthancMissing, startOrthanc } from '../pacs/orthancServer';
import { Workspace } from '../workspace/workspace';

export interface PacsBenchResult {
  images: number;
  megabytes: number;
  importSeconds: number;
  importImagesPerSec: number;
  downloadSeconds: number;
  downloadImagesPerSec: number;
  downloadMBPerSec: number;
}

export async function pacsBench(opts: { count?: number } = {}): Promise<PacsBenchResult | { skipped: string }> {
  const why = orthancMissing();
  if (why) return { skipped: why };
  const count = opts.count ?? 30;
  const cr = readFileSync(join(appRoot(), 'samples', 'dicom', 'chest-cr-RG1_J2KI.dcm'));
  const orthanc = await startOrthanc();
  const tmp = mkdtempSync(join(tmpdir(), 'taggan-pacs-bench-'));
  try {
    const series = newUid();
    let study = '';
    const sops: string[] = [];
    for (let i = 0; i < count; i++) {
      const dd = dcmjs.data.DicomMessage.readFile(toArrayBuffer(cr));
      const sop = newUid();
      dd.dict['0020000E'] = { vr: 'UI', Value: [series] };
      dd.dict['00080018'] = { vr: 'UI', Value: [sop] };
      dd.meta['00020003'] = { vr: 'UI', Value: [sop] };
      study = String(dd.dict['0020000D']?.Value?.[0]);
      await orthanc.upload(Buffer.from(dd.write()));
      sops.push(sop);
    }
    const client = new DicomWebClient(orthanc.dicomweb);
    // Download only (warms Orthanc's cache for both runs alike: its first read of each file is done here).
    const t0 = performance.now();
    let bytes = 0;
    for (const sop of sops) bytes += (await client.retrieveInstance(study, series, sop)).length;
    const downloadSeconds = (performance.now() - t0) / 1000;
    const ws = Workspace.init(join(tmp, 'ws'));
    let r;
    try {
      r = await importSeries(ws, client, { studyInstanceUid: study, seriesInstanceUids: [series] });
    } finally {
      ws.close();
    }
    if (r.added.length !== count) throw new Error(`pacs bench: imported ${r.added.length} of ${count}: ${JSON.stringify(r.failed.slice(0, 2))}`);
    const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      images: count, megabytes: round(bytes / 1e6, 1),
      importSeconds: round(r.seconds), importImagesPerSec: round(count / r.seconds),
      downloadSeconds: round(downloadSeconds), downloadImagesPerSec: round(count / downloadSeconds), downloadMBPerSec: round(bytes / 1e6 / downloadSeconds, 1),
    };
  } finally {
    await orthanc.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
