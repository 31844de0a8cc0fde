/**
 * The export manifest: one CSV row per exported image (RFC 4180 quoting, header row, LF line ends).
 */
export const MANIFEST_COLUMNS = [
  'index', 'image_id', 'source', 'label', 'status', 'author', 'model', 'algorithm_type', 'mask_area',
  'png', 'seg', 'nifti', 'image_copy', 'coco_image_id',
] as const;

export type ManifestRow = Record<(typeof MANIFEST_COLUMNS)[number], string | number | null>;

function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function buildManifestCsv(rows: ManifestRow[]): string {
  const lines = [MANIFEST_COLUMNS.join(',')];
  for (const r of rows) lines.push(MANIFEST_COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}
