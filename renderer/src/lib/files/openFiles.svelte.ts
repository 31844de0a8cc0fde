import type { ImageFileFormat } from '../../../../engine/protocol/image';

/** One file in the panel. `status` follows the engine: pending until opened, ok, or error (message in words). */
export interface FileItem {
  path: string;
  name: string;
  /** Bytes, when known. */
  size?: number;
  format?: ImageFileFormat;
  modality?: string;
  rows?: number;
  columns?: number;
  status: 'pending' | 'ok' | 'error';
  error?: string;
}

export type NewFile = Pick<FileItem, 'path' | 'name'> & Partial<Pick<FileItem, 'size' | 'format'>>;

/** The list of opened images and which one is on screen. */
export class OpenFiles {
  items = $state<FileItem[]>([]);
  selected = $state<string | null>(null);
  /** A line about the last open/scan (e.g. "12 images found in /data (2 skipped)"), or an error. */
  notice = $state<{ text: string; error: boolean } | null>(null);

  /** Adds files not already listed; selects the first added when `select` (default) is set. */
  add(files: NewFile[], select = true): number {
    const known = new Set(this.items.map((f) => f.path));
    const fresh = files.filter((f) => !known.has(f.path) && (known.add(f.path), true));
    this.items.push(...fresh.map((f) => ({ ...f, status: 'pending' as const })));
    if (select && files[0]) this.selected = files[0].path;
    return fresh.length;
  }

  update(path: string, patch: Partial<FileItem>): void {
    const item = this.items.find((f) => f.path === path);
    if (item) Object.assign(item, patch);
  }

  /** Selects the next (+1) or previous (-1) file in the list. */
  step(delta: 1 | -1): void {
    if (this.items.length === 0) return;
    const i = this.items.findIndex((f) => f.path === this.selected);
    const j = i < 0 ? 0 : Math.min(this.items.length - 1, Math.max(0, i + delta));
    this.selected = this.items[j]!.path;
  }

  clear(): void {
    this.items = [];
    this.selected = null;
  }
}
