/**
 * `taggan workspace init|add|label|status|import-mask`: the workspace store from the command line.
 */
import { parseArgs } from 'node:util';
import { EngineError } from '../../errors';
import { importMaskFile } from '../../export/importMaskFile';
import { IMAGE_STATUSES, type ImageLabel } from '../../workspace/types';
import { Workspace } from '../../workspace/workspace';
import type { CliCommand } from '../command';

function needArgs(positionals: string[], n: number, usage: string): void {
  if (positionals.length < n) throw new EngineError('BAD_REQUEST', `missing arguments; usage: ${usage}`);
}

export const workspaceInitCommand: CliCommand = {
  name: 'workspace init',
  summary: 'create a workspace folder (workspace.sqlite, models/, exports/)',
  usage: 'taggan workspace init DIR',
  async run(argv, ctx) {
    const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
    needArgs(positionals, 1, this.usage);
    const ws = Workspace.init(positionals[0]!);
    try {
      ctx.out(`created workspace ${ws.dir} (schema ${ws.schemaVersion})`);
    } finally {
      ws.close();
    }
    return 0;
  },
};

export const workspaceAddCommand: CliCommand = {
  name: 'workspace add',
  summary: 'add DICOM/PNG/JPEG images (files or folders, recursive; duplicates skipped by hash)',
  usage: 'taggan workspace add DIR FILE_OR_FOLDER... [--json]',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    needArgs(positionals, 2, this.usage);
    const ws = Workspace.open(positionals[0]!);
    try {
      const r = await ws.addImages(positionals.slice(1));
      if (values.json) ctx.out(JSON.stringify(r));
      else {
        ctx.out(`added ${r.added.length}, duplicates ${r.duplicates.length}, failed ${r.failed.length}, skipped ${r.skipped.length} (not images)`);
        for (const d of r.duplicates) ctx.out(`duplicate ${d.path} (same content as image ${d.existingId})`);
        for (const f of r.failed) ctx.err(`failed: ${f.code}: ${f.message.includes(f.path) ? f.message : `${f.path}: ${f.message}`}`);
      }
      return r.failed.length > 0 ? 1 : 0;
    } finally {
      ws.close();
    }
  },
};

export const workspaceLabelCommand: CliCommand = {
  name: 'workspace label',
  summary: 'set the image-level label (normal|abnormal|uncertain or a workspace class) of an image',
  usage: 'taggan workspace label DIR FILE_OR_ID LABEL [--author NAME]',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({ args: argv, options: { author: { type: 'string' } }, allowPositionals: true, strict: true });
    needArgs(positionals, 3, this.usage);
    // The workspace checks the label against its own class list (plus 'uncertain').
    const label = positionals[2]!;
    const ws = Workspace.open(positionals[0]!, { actor: values.author });
    try {
      const img = ws.resolveImage(positionals[1]!);
      const rec = ws.setLabel(img.id, label as ImageLabel);
      ctx.out(`image ${img.id} labelled ${rec.label} by ${rec.author}`);
    } finally {
      ws.close();
    }
    return 0;
  },
};

export const workspaceStatusCommand: CliCommand = {
  name: 'workspace status',
  summary: 'counts of images by label and review status',
  usage: 'taggan workspace status DIR [--json]',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    needArgs(positionals, 1, this.usage);
    const ws = Workspace.open(positionals[0]!);
    try {
      const s = ws.status();
      if (values.json) ctx.out(JSON.stringify(s));
      else {
        ctx.out(`workspace ${s.dir} (schema ${s.schemaVersion}${s.readOnly ? ', read-only: view and export only' : ''}): ${s.images} images, ${s.proposals} proposals, ${s.annotations} annotation versions`);
        ctx.out(`labels: ${Object.entries(s.byLabel).map(([k, n]) => `${k} ${n}`).join(', ')}`);
        ctx.out(`status: ${IMAGE_STATUSES.map((k) => `${k} ${s.byStatus[k]}`).join(', ')}`);
      }
    } finally {
      ws.close();
    }
    return 0;
  },
};

export const workspaceImportMaskCommand: CliCommand = {
  name: 'workspace import-mask',
  summary: 'import a PNG mask or DICOM SEG as a new annotation version',
  usage:
    'taggan workspace import-mask DIR MASK_FILE [--image FILE_OR_ID] [--status edited|accepted|rejected] [--author NAME]\n' +
    '  (a SEG finds its image by the referenced SOP Instance UID when --image is not given)',
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { image: { type: 'string' }, status: { type: 'string' }, author: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    needArgs(positionals, 2, this.usage);
    const status = values.status;
    if (status !== undefined && !['edited', 'accepted', 'rejected'].includes(status)) {
      throw new EngineError('BAD_REQUEST', `--status must be edited, accepted or rejected, not "${status}"`);
    }
    const ws = Workspace.open(positionals[0]!, { actor: values.author });
    try {
      const rec = importMaskFile(ws, positionals[1]!, { image: values.image, status: status as 'edited' | 'accepted' | 'rejected' | undefined });
      ctx.out(`image ${rec.imageId}: annotation version ${rec.version} (${rec.status}, ${rec.maskArea} pixels) from ${positionals[1]}`);
    } finally {
      ws.close();
    }
    return 0;
  },
};

export const workspaceCommands: CliCommand[] = [
  workspaceInitCommand,
  workspaceAddCommand,
  workspaceLabelCommand,
  workspaceStatusCommand,
  workspaceImportMaskCommand,
];
