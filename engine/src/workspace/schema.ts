/**
 * The workspace.sqlite schema as numbered migrations, tracked in PRAGMA user_version.
 * Opening a file whose user_version is newer than SCHEMA_VERSION is refused (WORKSPACE error) so an
 * old app never writes into a store it does not understand.
 */
import type Database from 'better-sqlite3';
import { EngineError } from '../errors';

/** Migration i (1-based) brings user_version from i-1 to i. Never edit a shipped one; append. */
export const MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL CHECK (format IN ('dicom','png','jpeg')),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    modality TEXT,
    sop_class_uid TEXT,
    sop_instance_uid TEXT,
    series_instance_uid TEXT,
    study_instance_uid TEXT,
    pixel_spacing TEXT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','proposed','accepted','edited','rejected','exported')),
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
  );
  CREATE INDEX images_path ON images(path);
  CREATE INDEX images_sop ON images(sop_instance_uid);
  CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images(id),
    label TEXT NOT NULL CHECK (label IN ('normal','abnormal')),
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX labels_image ON labels(image_id, id);
  CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images(id),
    model_id TEXT NOT NULL,
    threshold REAL NOT NULL,
    params TEXT NOT NULL,
    stats TEXT NOT NULL,
    mask BLOB NOT NULL,
    mask_area INTEGER NOT NULL,
    map BLOB,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX proposals_image ON proposals(image_id, id);
  CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images(id),
    version INTEGER NOT NULL,
    proposal_id INTEGER REFERENCES proposals(id),
    origin TEXT NOT NULL CHECK (origin IN ('automatic','semiautomatic','manual')),
    status TEXT NOT NULL CHECK (status IN ('accepted','edited','rejected','exported')),
    mask BLOB NOT NULL,
    mask_area INTEGER NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note TEXT,
    UNIQUE (image_id, version)
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    image_id INTEGER,
    before_id INTEGER,
    after_id INTEGER,
    detail TEXT
  );
  CREATE INDEX audit_image ON audit(image_id, id);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER annotations_no_update BEFORE UPDATE ON annotations BEGIN SELECT RAISE(ABORT, 'annotation versions are immutable'); END;
  `,
  /* 2: labels beyond normal/abnormal ('uncertain' and the workspace's own classes, listed in meta `labels`). */ `
  CREATE TABLE labels_v2 (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images(id),
    label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 64),
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  INSERT INTO labels_v2 (id, image_id, label, author, created_at) SELECT id, image_id, label, author, created_at FROM labels;
  DROP TABLE labels;
  ALTER TABLE labels_v2 RENAME TO labels;
  CREATE INDEX labels_image ON labels(image_id, id);
  INSERT OR IGNORE INTO meta (key, value) VALUES ('labels', '["normal","abnormal"]');
  `,
  /* 3: where an image came from when it was not a local file (a DICOMweb server; URL without credentials). */ `
  CREATE TABLE image_sources (
    image_id INTEGER PRIMARY KEY REFERENCES images(id),
    kind TEXT NOT NULL CHECK (kind IN ('dicomweb')),
    server_url TEXT NOT NULL,
    study_instance_uid TEXT NOT NULL,
    series_instance_uid TEXT NOT NULL,
    sop_instance_uid TEXT NOT NULL,
    retrieved_at TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION inside one transaction; refuses a newer schema. */
export function migrate(db: Database.Database, file: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new EngineError(
      'WORKSPACE',
      `workspace schema version ${current} is newer than this TagGAN Desk understands (${SCHEMA_VERSION}); update the app`,
      file,
    );
  }
  if (current === SCHEMA_VERSION) return current;
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return SCHEMA_VERSION;
}
