/**
 * `taggan export`: writes a workspace's reviewed masks as PNG / DICOM SEG / COCO / NIfTI + manifest.csv.
 */
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { EXPORT_FORMATS, exportWorkspace, type ExportFormat } from '../../export/exportWorkspace';
import { IMAGE_STATUSES, type ImageStatus } from '../../workspace/types';
import { Workspace } from '../../workspace/workspace';
import type { CliCommand } from '../command';

function list<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) {
    if (!(allowed as readonly string[]).includes(i)) throw new EngineError('BAD_REQUEST', `unknown ${what} "${i}" (use ${allowed.join(', ')})`);
  }
  return items as T[];
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export reviewed masks (png, seg, coco, nifti) with a manifest, optionally de-identified',
  usage:
    'taggan export --workspace DIR --out OUT --format png,seg,coco,nifti [--status accepted,edited] [--deidentify] [--mark-exported] [--json]',
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', default: EXPORT_FORMATS.join(',') },
        status: { type: 'string', default: 'accepted,edited' },
        deidentify: { type: 'boolean' },
        'mark-exported': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.workspace || !values.out) throw new EngineError('BAD_REQUEST', `--workspace and --out are required; usage: ${this.usage}`);
    const formats = list<ExportFormat>(values.format!, EXPORT_FORMATS, 'format');
    const statuses = list<ImageStatus>(values.status!, IMAGE_STATUSES, 'status');
    const ws = Workspace.open(values.workspace);
    try {
      const r = exportWorkspace(ws, { outDir: values.out, formats, statuses, deidentify: values.deidentify, markExported: values['mark-exported'] });
      if (values.json) ctx.out(JSON.stringify(r));
      else {
        ctx.out(`exported ${r.exported} images to ${r.outDir} (${formats.join(', ')}${values.deidentify ? ', de-identified' : ''}): ${r.files.length} files`);
        for (const s of r.skipped) ctx.err(`skipped image ${s.imageId}: ${s.reason}`);
        for (const w of r.warnings) ctx.err(`warning: ${w}`);
      }
      return 0;
    } finally {
      ws.close();
    }
  },
};
