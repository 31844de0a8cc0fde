import type { DicomInfo } from '../../protocol/dicom';

/**
 * DicomInfo as plain JSON: LUT arrays are replaced by their entry counts (`entries`) so the output
 * stays small; everything else is as in DicomInfo.
 */
export function infoToJson(info: DicomInfo): Record<string, unknown> {
  const { voiLuts, palette, ...rest } = info;
  const out: Record<string, unknown> = {
    ...rest,
    voiLuts: voiLuts.map((l) => ({ firstMapped: l.firstMapped, bitsPerEntry: l.bitsPerEntry, entries: l.data.length, ...(l.explanation ? { explanation: l.explanation } : {}) })),
  };
  if (palette) out.palette = { firstMapped: palette.firstMapped, bitsPerEntry: palette.bitsPerEntry, entries: palette.red.length };
  return out;
}

/** Human-readable lines describing the image (what `taggan info` prints without --json). */
export function infoToLines(info: DicomInfo): string[] {
  const n = (x: number) => String(Number(x.toPrecision(6)));
  const lines = [
    `file: ${info.fileName}`,
    `modality: ${info.modality ?? '(none)'}${info.viewPosition ? `, view ${info.viewPosition}` : ''}${info.bodyPartExamined ? `, ${info.bodyPartExamined}` : ''}`,
    `size: ${info.columns} x ${info.rows} (columns x rows), ${info.frames} frame${info.frames === 1 ? '' : 's'}`,
    `photometric: ${info.photometric}, ${info.samplesPerPixel} sample${info.samplesPerPixel === 1 ? '' : 's'} per pixel${info.samplesPerPixel > 1 ? `, planar configuration ${info.planarConfiguration}` : ''}`,
    `bits: allocated ${info.bitsAllocated}, stored ${info.bitsStored}, high bit ${info.highBit}, pixel representation ${info.pixelRepresentation} (${info.pixelRepresentation ? 'signed' : 'unsigned'})`,
    `transfer syntax: ${info.transferSyntaxUid} (${info.transferSyntaxName}), ${info.lossy ? 'lossy' : 'lossless'}`,
    info.spacing
      ? `spacing: ${n(info.spacing.row)} x ${n(info.spacing.column)} mm (row x column) from ${info.spacing.tag}`
      : 'spacing: none (no Pixel Spacing, Imager Pixel Spacing or Nominal Scanned Pixel Spacing)',
    `rescale: slope ${n(info.rescale.slope)}, intercept ${n(info.rescale.intercept)}${info.rescale.type ? ` (${info.rescale.type})` : ''}`,
  ];
  if (info.windows.length === 0) lines.push('windows: none');
  info.windows.forEach((w, i) => lines.push(`window ${i + 1}: center ${n(w.center)}, width ${n(w.width)}${w.explanation ? ` (${w.explanation})` : ''}, ${info.voiLutFunction}`));
  info.voiLuts.forEach((l, i) =>
    lines.push(`voi lut ${i + 1}: ${l.data.length} entries from ${l.firstMapped}, ${l.bitsPerEntry} bits${l.explanation ? ` (${l.explanation})` : ''}`),
  );
  if (info.palette) lines.push(`palette: ${info.palette.red.length} entries from ${info.palette.firstMapped}, ${info.palette.bitsPerEntry} bits`);
  return lines;
}
