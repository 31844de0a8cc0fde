/**
 * Native (uncompressed) YBR_FULL_422 stores each horizontal pair of pixels as Y1 Y2 Cb Cr
 * (PS3.3 C.7.6.3.1.2). Expands `cells` (rows*columns*2 values) to full YBR, pixel-interleaved
 * (rows*columns*3 values). Columns must be even.
 */
export function expandYbr422(cells: Int32Array, rows: number, columns: number): Int32Array {
  if (columns % 2 !== 0) throw new RangeError(`YBR_FULL_422 needs an even number of columns, got ${columns}`);
  if (cells.length < rows * columns * 2) throw new RangeError(`expandYbr422: ${cells.length} values < ${rows * columns * 2}`);
  const out = new Int32Array(rows * columns * 3);
  for (let i = 0, o = 0; o < out.length; i += 4, o += 6) {
    const cb = cells[i + 2]!;
    const cr = cells[i + 3]!;
    out[o] = cells[i]!;
    out[o + 1] = cb;
    out[o + 2] = cr;
    out[o + 3] = cells[i + 1]!;
    out[o + 4] = cb;
    out[o + 5] = cr;
  }
  return out;
}
