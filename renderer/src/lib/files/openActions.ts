import type { EngineClient } from '../../../../engine/protocol/client';
import type { OpenFiles } from './openFiles.svelte';

/** Base name of a path from either platform. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Adds image files by path (native dialog, typed path): they open when selected. */
export function openPaths(files: OpenFiles, paths: string[]): void {
  files.add(paths.map((path) => ({ path, name: baseName(path) })));
  if (paths.length) files.notice = { text: `${paths.length} file${paths.length === 1 ? '' : 's'} added`, error: false };
}

/** Scans a folder or DICOMDIR through the engine and adds the image files found; reports in `files.notice`. */
export async function openFolder(client: EngineClient | null, files: OpenFiles, path: string): Promise<void> {
  if (!client) {
    files.notice = { text: 'not connected to the engine', error: true };
    return;
  }
  files.notice = { text: `scanning ${path}…`, error: false };
  try {
    const r = await client.call('fs.scan', { path });
    const added = files.add(r.images.map((i) => ({ path: i.path, name: i.name, size: i.size, format: i.format })));
    const parts = [`${r.images.length} image file${r.images.length === 1 ? '' : 's'} found in ${r.root}`];
    if (added !== r.images.length) parts.push(`${added} new`);
    if (r.skipped.length) parts.push(`${r.skipped.length} skipped`);
    const missing = r.dicomdirs.reduce((n, d) => n + d.missing.length, 0);
    if (missing) parts.push(`${missing} referenced by DICOMDIR but missing`);
    if (r.truncated) parts.push('stopped at the file limit');
    files.notice = { text: parts.join(', '), error: r.images.length === 0 };
  } catch (e) {
    files.notice = { text: e instanceof Error ? e.message : String(e), error: true };
  }
}

/** Human size: 1.2 MB, 340 kB, 12 B. */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
