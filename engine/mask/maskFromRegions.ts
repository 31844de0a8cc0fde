/**
 * A 0/1 mask of the pixels whose label is in `keepIds` (e.g. the regions the reader accepted).
 * Label 0 is background and is never kept (OHIF's rule: region id 0 is reserved for "no label").
 * @param labels Int32Array label image from `connectedRegions`
 * @param keepIds region ids to keep
 */
export function maskFromRegions(labels: Int32Array, keepIds: Iterable<number>): Uint8Array {
  let maxId = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > maxId) maxId = labels[i];
  const keep = new Uint8Array(maxId + 1);
  for (const id of keepIds) {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`maskFromRegions: bad region id ${id}`);
    if (id === 0) throw new RangeError('maskFromRegions: region id 0 is reserved for background');
    if (id <= maxId) keep[id] = 1;
  }
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = keep[labels[i]];
  return out;
}
