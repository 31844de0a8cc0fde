/** Pure worklist logic: filters, counts, progress and keyboard navigation over ImageRecords. */
import type { ImageRecord, ImageStatus } from '../../../../engine/protocol/workspace';
import { IMAGE_STATUSES, UNCERTAIN_LABEL } from '../../../../engine/protocol/workspace';

export interface WorklistFilter {
  /** null = any. */
  status: ImageStatus | null;
  /** A class name, 'uncertain', 'unlabelled', or null = any. */
  label: string | null;
}

/** Worklist order: as added, or most doubtful first (the latest proposal's doubt; images without one last). */
export type WorklistOrder = 'added' | 'doubt';

/** The images in the chosen order (a new array; stable: ties keep the order they were added in). */
export function orderWorklist(images: readonly ImageRecord[], order: WorklistOrder): ImageRecord[] {
  if (order === 'added') return [...images];
  return images.map((im, i) => ({ im, i })).sort((a, b) => {
    const da = a.im.doubt ?? -1;
    const db = b.im.doubt ?? -1;
    return db - da || a.i - b.i;
  }).map((x) => x.im);
}

export function matchesFilter(im: ImageRecord, f: WorklistFilter): boolean {
  if (f.status && im.status !== f.status) return false;
  if (f.label && (im.label ?? 'unlabelled') !== f.label) return false;
  return true;
}

export interface WorklistCounts {
  total: number;
  byStatus: Record<ImageStatus, number>;
  /** Per class (in the workspace's order), then 'uncertain' and 'unlabelled'. */
  byLabel: Record<string, number>;
  /** Images with any label. */
  labelled: number;
  /** Images whose mask was decided (accepted, edited, rejected or exported). */
  reviewed: number;
}

export function countWorklist(images: readonly ImageRecord[], classes: readonly string[]): WorklistCounts {
  const byStatus = Object.fromEntries(IMAGE_STATUSES.map((s) => [s, 0])) as Record<ImageStatus, number>;
  const byLabel: Record<string, number> = Object.fromEntries([...classes, UNCERTAIN_LABEL, 'unlabelled'].map((l) => [l, 0]));
  let labelled = 0;
  let reviewed = 0;
  for (const im of images) {
    byStatus[im.status]++;
    const l = im.label ?? 'unlabelled';
    byLabel[l] = (byLabel[l] ?? 0) + 1;
    if (im.label) labelled++;
    if (im.status === 'accepted' || im.status === 'edited' || im.status === 'rejected' || im.status === 'exported') reviewed++;
  }
  return { total: images.length, byStatus, byLabel, labelled, reviewed };
}

/**
 * Index of the next item after `from` (wrapping, at most one full turn) that satisfies `pred`, stepping by
 * `dir`; -1 when none does. `from` = -1 starts before the first item.
 */
export function findNext<T>(items: readonly T[], from: number, dir: 1 | -1, pred: (x: T) => boolean): number {
  const n = items.length;
  if (n === 0) return -1;
  for (let k = 1; k <= n; k++) {
    const i = (((from + dir * k) % n) + n) % n;
    if (pred(items[i]!)) return i;
  }
  return -1;
}

/** Next/previous index without wrapping (clamped); 0 when nothing is selected. */
export function stepIndex(n: number, from: number, dir: 1 | -1): number {
  if (n === 0) return -1;
  if (from < 0) return 0;
  return Math.min(n - 1, Math.max(0, from + dir));
}

export const isUnlabelled = (im: ImageRecord): boolean => im.label === null;
export const isProposed = (im: ImageRecord): boolean => im.status === 'proposed';

/** The class a label key picks: 'n' = the first class, 'a' = the second, Shift+k = class k (1-based), 'u' = uncertain. */
export function labelForKey(key: 'normal' | 'abnormal' | 'uncertain' | number, classes: readonly string[]): string | null {
  if (key === 'uncertain') return UNCERTAIN_LABEL;
  const i = key === 'normal' ? 0 : key === 'abnormal' ? 1 : key - 1;
  return classes[i] ?? null;
}

/** Parses a typed class list ("normal, pneumonia, nodule"): trimmed, empty entries dropped. */
export function parseClassList(text: string): string[] {
  return text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s.length > 0);
}
