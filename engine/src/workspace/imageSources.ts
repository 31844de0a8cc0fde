/** The image_sources table: where an image came from when it was not a local file (no credentials, ever). */
import type Database from 'better-sqlite3';
import type { ImageSource } from '../../protocol/pacs';
import { EngineError } from '../errors';

/** Inserts inside the caller's transaction (the image's own insert). Refuses a URL with user info. */
export function insertImageSource(db: Database.Database, imageId: number, s: ImageSource): void {
  if (/^[a-z]+:\/\/[^/]*@/i.test(s.serverUrl)) throw new EngineError('BAD_REQUEST', 'an image source URL must not carry credentials');
  db.prepare(
    `INSERT INTO image_sources (image_id, kind, server_url, study_instance_uid, series_instance_uid, sop_instance_uid, retrieved_at)
     VALUES (?,?,?,?,?,?,?)`,
  ).run(imageId, s.kind, s.serverUrl, s.studyInstanceUid, s.seriesInstanceUid, s.sopInstanceUid, s.retrievedAt);
}

export function readImageSource(db: Database.Database, imageId: number): ImageSource | null {
  const r = db.prepare('SELECT * FROM image_sources WHERE image_id = ?').get(imageId) as Record<string, string> | undefined;
  if (!r) return null;
  return {
    kind: 'dicomweb',
    serverUrl: r.server_url!,
    studyInstanceUid: r.study_instance_uid!,
    seriesInstanceUid: r.series_instance_uid!,
    sopInstanceUid: r.sop_instance_uid!,
    retrievedAt: r.retrieved_at!,
  };
}
