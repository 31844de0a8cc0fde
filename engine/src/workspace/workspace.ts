/**
 * The workspace store: a folder with `workspace.sqlite` (WAL, synchronous=FULL), `models/` and `exports/`.
 * Source images are referenced by absolute path + SHA-256, never rewritten.
 *
 * Every mutating method runs one synchronous SQLite transaction (row + image status + audit event) and
 * returns only after COMMIT, so whatever a caller acknowledges survives a crash of the process.
 * One process at a time holds a workspace (lock file + SQLite exclusive locking); others get
 * WORKSPACE_IN_USE.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { ProposalParams, ProposalStats } from '../../protocol/model';
import { EngineError, toErrorPayload } from '../errors';
import { assertBinaryMask, maskArea, masksEqual, type BinaryMask } from '../../mask/binaryMask';
import { collectImageFiles } from './collectImageFiles';
import { decodeMap, encodeMap, type DiseaseMap } from './mapCodec';
import { decodeMask, encodeMask } from './maskCodec';
import { sniffFile } from '../image/sniffFormat';
import { hashFile, probeImageFile } from './probeImageFile';
import { insertImageSource, readImageSource } from './imageSources';
import type { ImageSource } from '../../protocol/pacs';
import { migrate, SCHEMA_VERSION } from './schema';
import {
  ANNOTATION_STATUSES,
  DEFAULT_LABEL_CLASSES,
  IMAGE_STATUSES,
  labelClassesProblem,
  PROPOSAL_MODEL_CHOICES,
  type ProposalModelChoice,
  UNCERTAIN_LABEL,
  type AddImagesResult,
  type AnnotationOrigin,
  type AnnotationRecord,
  type AnnotationStatus,
  type AuditEvent,
  type ImageLabel,
  type ImageRecord,
  type ImageStatus,
  type LabelRecord,
  type ProposalRecord,
  type WorkspaceStatus,
} from './types';
import { acquireWorkspaceLock, LOCK_FILE, type WorkspaceLock } from './workspaceLock';

/** The lock marker of a workspace opened read-only on request. */
function readOnlyLock(dir: string): WorkspaceLock {
  return { path: join(dir, LOCK_FILE), info: { pid: process.pid, host: '', since: new Date().toISOString() }, readOnly: true, release: () => {} };
}
import { openSqlite } from './openSqlite';

export const DB_FILE = 'workspace.sqlite';
const APP_ID = 'taggan-desk';

export interface OpenWorkspaceOptions {
  /** Who is making changes (audit log, authors); default TAGGAN_USER or the OS user name. */
  actor?: string;
  /**
   * Open for viewing and exporting only (no lock, no writes). Also chosen automatically when the folder or its
   * file system is read-only (the lock cannot be written); `workspace.readOnly` tells which.
   */
  readOnly?: boolean;
}

export interface SaveProposalInput {
  imageId: number;
  /** Model id (checkpoint name/hash) that produced the map. */
  modelId: string;
  threshold: number;
  /** The AI-original mask at the image's resolution. */
  mask: BinaryMask;
  /** The disease map (any resolution), kept so the UI can re-threshold live. */
  map?: DiseaseMap;
  /** Map statistics (min, max, mean, regions, ...), stored as JSON. */
  stats?: Partial<ProposalStats>;
  /** Thresholding/morphology parameters, stored as JSON. */
  params?: Partial<ProposalParams>;
  author?: string;
}

export interface SaveAnnotationInput {
  imageId: number;
  /** The clinician-final mask at the image's resolution; null only for `rejected` (stored empty). */
  mask: BinaryMask | null;
  /** Default: `accepted` when the mask equals the proposal's, else `edited`. */
  status?: Exclude<AnnotationStatus, 'exported'>;
  /** The proposal this annotation reviews, if any (decides AUTOMATIC/SEMIAUTOMATIC vs MANUAL). */
  proposalId?: number | null;
  author?: string;
  note?: string;
}

export interface ListImagesFilter {
  status?: ImageStatus[];
  label?: (ImageLabel | 'unlabelled')[];
}

type Row = Record<string, unknown>;

function now(): string {
  return new Date().toISOString();
}

function defaultActor(): string {
  if (process.env.TAGGAN_USER) return process.env.TAGGAN_USER;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function json(v: unknown): Record<string, unknown> {
  return v === null || v === undefined ? {} : (JSON.parse(String(v)) as Record<string, unknown>);
}

const IMAGE_COLUMNS = `i.*, (SELECT label FROM labels l WHERE l.image_id = i.id ORDER BY l.id DESC LIMIT 1) AS label,
  (SELECT json_extract(p.stats, '$.doubt') FROM proposals p WHERE p.image_id = i.id ORDER BY p.id DESC LIMIT 1) AS doubt`;

function toImage(r: Row): ImageRecord {
  return {
    id: Number(r.id),
    path: String(r.path),
    sha256: String(r.sha256),
    format: r.format as ImageRecord['format'],
    width: Number(r.width),
    height: Number(r.height),
    modality: (r.modality as string | null) ?? null,
    sopClassUid: (r.sop_class_uid as string | null) ?? null,
    sopInstanceUid: (r.sop_instance_uid as string | null) ?? null,
    seriesInstanceUid: (r.series_instance_uid as string | null) ?? null,
    studyInstanceUid: (r.study_instance_uid as string | null) ?? null,
    pixelSpacing: r.pixel_spacing ? (JSON.parse(String(r.pixel_spacing)) as [number, number]) : null,
    status: r.status as ImageStatus,
    label: (r.label as ImageLabel | null) ?? null,
    doubt: typeof r.doubt === 'number' && Number.isFinite(r.doubt) ? r.doubt : null,
    addedAt: String(r.added_at),
  };
}

function toProposal(r: Row): ProposalRecord {
  return {
    id: Number(r.id),
    imageId: Number(r.image_id),
    modelId: String(r.model_id),
    threshold: Number(r.threshold),
    params: json(r.params),
    stats: json(r.stats),
    maskArea: Number(r.mask_area),
    hasMap: r.map !== null && r.map !== undefined,
    author: String(r.author),
    createdAt: String(r.created_at),
  };
}

function toAnnotation(r: Row): AnnotationRecord {
  return {
    id: Number(r.id),
    imageId: Number(r.image_id),
    version: Number(r.version),
    proposalId: r.proposal_id === null ? null : Number(r.proposal_id),
    origin: r.origin as AnnotationOrigin,
    status: r.status as AnnotationStatus,
    maskArea: Number(r.mask_area),
    author: String(r.author),
    createdAt: String(r.created_at),
    note: (r.note as string | null) ?? null,
  };
}

export class Workspace {
  readonly dir: string;
  readonly actor: string;
  private db: Database.Database | null;
  private readonly lock: WorkspaceLock;
  /** Opened read-only (asked for, or a read-only folder): every change is refused with WORKSPACE. */
  readonly readOnly: boolean;
  /** A read-only workspace read from a private copy of its database (see openReadOnly). */
  private snapshotDir: string | undefined;

  private constructor(dir: string, db: Database.Database, lock: WorkspaceLock, actor: string) {
    this.dir = dir;
    this.db = db;
    this.lock = lock;
    this.actor = actor;
    this.readOnly = lock.readOnly;
  }

  /** Creates a new workspace folder (or fills an empty/new folder) and opens it. */
  static init(dir: string, opts: OpenWorkspaceOptions = {}): Workspace {
    const abs = resolve(dir);
    if (existsSync(join(abs, DB_FILE))) throw new EngineError('WORKSPACE', `${abs} is already a workspace (${DB_FILE} exists)`, abs);
    if (existsSync(abs) && !statSync(abs).isDirectory()) throw new EngineError('WORKSPACE', 'exists and is not a folder', abs);
    mkdirSync(join(abs, 'models'), { recursive: true });
    mkdirSync(join(abs, 'exports'), { recursive: true });
    return Workspace.openAt(abs, opts, true);
  }

  /** Opens an existing workspace. WORKSPACE error when the folder is not one; WORKSPACE_IN_USE when held. */
  static open(dir: string, opts: OpenWorkspaceOptions = {}): Workspace {
    const abs = resolve(dir);
    if (!existsSync(abs)) throw new EngineError('WORKSPACE', 'no such workspace folder', abs);
    if (!existsSync(join(abs, DB_FILE))) {
      throw new EngineError('WORKSPACE', `not a workspace (no ${DB_FILE}); create one with \`taggan workspace init\``, abs);
    }
    return Workspace.openAt(abs, opts, false);
  }

  private static openAt(abs: string, opts: OpenWorkspaceOptions, create: boolean): Workspace {
    const file = join(abs, DB_FILE);
    const lock = opts.readOnly && !create ? readOnlyLock(abs) : acquireWorkspaceLock(abs);
    if (lock.readOnly && create) throw new EngineError('IO', 'cannot create a workspace in a read-only folder', abs);
    if (lock.readOnly) return Workspace.openReadOnly(abs, file, lock, opts);
    let db: Database.Database | undefined;
    try {
      db = openSqlite(file, create);
      try {
        // Exclusive locking before WAL: no shared-memory index, and the file lock is held until close.
        db.pragma('locking_mode = EXCLUSIVE');
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        db.exec('BEGIN EXCLUSIVE; COMMIT');
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
          throw new EngineError('WORKSPACE_IN_USE', `workspace ${abs} is locked by another process (SQLite)`, file);
        }
        if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new EngineError('WORKSPACE', `${DB_FILE} is not a valid SQLite database`, file);
        throw e;
      }
      migrate(db, file);
      const app = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('app') as string | undefined;
      if (create && app === undefined) {
        const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        db.transaction(() => {
          put.run('app', APP_ID);
          put.run('workspace_id', randomUUID());
          put.run('created_at', now());
          // Secret for de-identification UID remapping: consistent across exports of this workspace.
          put.run('deid_secret', randomBytes(32).toString('hex'));
        })();
      } else if (app !== APP_ID) {
        throw new EngineError('WORKSPACE', `${DB_FILE} is not a TagGAN Desk workspace`, file);
      }
      const ws = new Workspace(abs, db, lock, opts.actor ?? defaultActor());
      if (create) ws.audit('workspace.init', 'workspace', null, null, null, null, { schemaVersion: SCHEMA_VERSION });
      return ws;
    } catch (e) {
      try {
        db?.close();
      } catch {
        /* ignore */
      }
      lock.release();
      throw e;
    }
  }

  /**
   * Read-only: no lock file, SQLite opened read-only in exclusive locking mode (its WAL index in memory, so no
   * -shm file is needed), the schema must already be current. Another process may hold the workspace for
   * writing meanwhile; SQLite's own locks keep reads consistent.
   */
  private static openReadOnly(abs: string, file: string, lock: WorkspaceLock, opts: OpenWorkspaceOptions): Workspace {
    let db: Database.Database | undefined;
    let snapshot: string | undefined;
    try {
      try {
        db = openSqlite(file, false, true);
        db.pragma('user_version', { simple: true });
      } catch (e) {
        // A database left in WAL mode (not closed cleanly) cannot be read on a read-only file system without its
        // -shm file: read a private snapshot copy instead (in the temporary folder, removed on close).
        const code = (e as { code?: string }).code ?? '';
        if (!/^SQLITE_(CANTOPEN|IOERR|READONLY)/.test(code)) throw e;
        db?.close();
        snapshot = mkdtempSync(join(tmpdir(), 'taggan-ro-'));
        for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, join(snapshot, DB_FILE + suffix));
        db = openSqlite(join(snapshot, DB_FILE), false, true);
      }
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        throw new EngineError('WORKSPACE', `read-only workspace has schema version ${version}; this TagGAN Desk needs ${SCHEMA_VERSION} and cannot migrate it read-only`, file);
      }
      const app = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('app') as string | undefined;
      if (app !== APP_ID) throw new EngineError('WORKSPACE', `${DB_FILE} is not a TagGAN Desk workspace`, file);
      const ws = new Workspace(abs, db, lock, opts.actor ?? defaultActor());
      ws.snapshotDir = snapshot;
      return ws;
    } catch (e) {
      try {
        db?.close();
      } catch {
        /* ignore */
      }
      if (snapshot) rmSync(snapshot, { recursive: true, force: true });
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new EngineError('WORKSPACE_IN_USE', `workspace ${abs} is locked by another process (SQLite)`, file);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new EngineError('WORKSPACE', `${DB_FILE} is not a valid SQLite database`, file);
      throw e;
    }
  }

  private get conn(): Database.Database {
    if (!this.db) throw new EngineError('WORKSPACE', 'workspace is closed', this.dir);
    return this.db;
  }

  /** Closes the database (checkpointing the WAL) and releases the lock. Idempotent. */
  close(): void {
    if (!this.db) return;
    try {
      if (!this.readOnly) {
        // Leave the file in rollback-journal mode: a read-only copy of the folder (a read-only mount, a DVD)
        // can then be opened without the -shm file WAL mode needs. The next writable open switches WAL on again.
        try {
          this.db.pragma('journal_mode = DELETE');
        } catch {
          /* stays WAL; read-only opens fall back to a snapshot */
        }
      }
      this.db.close();
    } finally {
      this.db = null;
      this.lock.release();
      if (this.snapshotDir) rmSync(this.snapshotDir, { recursive: true, force: true });
    }
  }

  get schemaVersion(): number {
    return this.conn.pragma('user_version', { simple: true }) as number;
  }

  /** A meta value (workspace_id, created_at, deid_secret ...). */
  meta(key: string): string | undefined {
    return this.conn.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  }

  private audit(
    action: string,
    entity: string,
    entityId: number | null,
    imageId: number | null,
    beforeId: number | null,
    afterId: number | null,
    detail?: Record<string, unknown>,
    actor = this.actor,
  ): void {
    this.conn
      .prepare(
        'INSERT INTO audit (at, actor, action, entity, entity_id, image_id, before_id, after_id, detail) VALUES (?,?,?,?,?,?,?,?,?)',
      )
      .run(now(), actor, action, entity, entityId, imageId, beforeId, afterId, detail ? JSON.stringify(detail) : null);
  }

  // ---------------------------------------------------------------- images

  /**
   * Adds image files and folders (recursive). Duplicates (same SHA-256) are skipped; each bad file is reported
   * by name with a typed code and one-line reason (not a regular file, over a size cap, does not decode ...)
   * without stopping the rest. Every image is decoded once before it is admitted. Each added image is its own
   * committed transaction.
   */
  async addImages(
    inputs: string[],
    onProgress?: (done: number, total: number, path: string) => void,
    opts: { sourceOf?: (path: string) => ImageSource | undefined } = {},
  ): Promise<AddImagesResult> {
    const result: AddImagesResult = { added: [], duplicates: [], failed: [], skipped: [] };
    const { files, missing, unreadable } = collectImageFiles(inputs);
    for (const m of missing) result.failed.push({ path: m, code: 'NOT_FOUND', message: 'no such file or folder' });
    for (const u of unreadable) result.failed.push({ path: u.path, code: u.code, message: `${u.path}: ${u.message}` });
    const byHash = this.conn.prepare('SELECT id, path FROM images WHERE sha256 = ?');
    const insert = this.conn.prepare(
      `INSERT INTO images (path, sha256, format, width, height, modality, sop_class_uid, sop_instance_uid,
        series_instance_uid, study_instance_uid, pixel_spacing, status, added_at, added_by)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,'new',?,?)`,
    );
    for (let i = 0; i < files.length; i++) {
      const { path, fromFolder } = files[i]!;
      onProgress?.(i, files.length, path);
      try {
        if (fromFolder) {
          // Inside folders, quietly pass over files that are not images at all (README, .json ...).
          if (!sniffFile(path)) {
            result.skipped.push(path);
            continue;
          }
        }
        const p = await probeImageFile(path);
        const dup = byHash.get(p.sha256) as { id: number; path: string } | undefined;
        if (dup) {
          result.duplicates.push({ path, existingId: dup.id, existingPath: dup.path });
          continue;
        }
        const id = this.conn.transaction(() => {
          const info = insert.run(
            p.path, p.sha256, p.format, p.width, p.height, p.modality, p.sopClassUid, p.sopInstanceUid,
            p.seriesInstanceUid, p.studyInstanceUid, p.pixelSpacing ? JSON.stringify(p.pixelSpacing) : null, now(), this.actor,
          );
          const newId = Number(info.lastInsertRowid);
          // Where it came from, in the same transaction: an image from a server never lacks its provenance.
          const source = opts.sourceOf?.(path);
          if (source) insertImageSource(this.conn, newId, source);
          this.audit('image.add', 'image', newId, newId, null, newId, { sha256: p.sha256, format: p.format, ...(source ? { source: source.serverUrl } : {}) });
          return newId;
        })();
        result.added.push({ id, path });
      } catch (e) {
        // A store failure (disk full, read-only) is not about this file: it stops the import.
        if (!(e instanceof EngineError) || e.code === 'WORKSPACE') throw e;
        // Anything else (even a decoder bug) is this file's failure, reported as one typed line.
        const payload = toErrorPayload(e);
        const message = payload.message.replace(/\s*[\r\n]+\s*/g, ' ');
        result.failed.push({ path, code: payload.code, message: message.includes(path) ? message : `${path}: ${message}` });
      }
    }
    return result;
  }

  /** Where an image came from (a DICOMweb server), or null for a local file. */
  imageSource(imageId: number): ImageSource | null {
    this.requireImage(imageId);
    return readImageSource(this.conn, imageId);
  }

  /** The image with this SOP Instance UID, if the workspace has one. */
  imageBySopInstanceUid(uid: string): ImageRecord | undefined {
    const r = this.conn.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.sop_instance_uid = ? ORDER BY i.id LIMIT 1`).get(uid) as Row | undefined;
    return r ? toImage(r) : undefined;
  }

  /** Image by id, or undefined. */
  getImage(id: number): ImageRecord | undefined {
    const r = this.conn.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id = ?`).get(id) as Row | undefined;
    return r ? toImage(r) : undefined;
  }

  /**
   * Finds an image by id (number or digits), by path as added, or by the SHA-256 of the file at that
   * path. Throws NOT_FOUND naming the reference.
   */
  resolveImage(ref: number | string): ImageRecord {
    let img: ImageRecord | undefined;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) img = this.getImage(Number(ref));
    else {
      const abs = resolve(ref);
      const r = this.conn.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.path = ? ORDER BY i.id LIMIT 1`).get(abs) as Row | undefined;
      if (r) img = toImage(r);
      else if (existsSync(abs)) {
        const sha256 = hashFile(abs);
        const h = this.conn.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.sha256 = ?`).get(sha256) as Row | undefined;
        if (h) img = toImage(h);
      }
    }
    if (!img) throw new EngineError('NOT_FOUND', `image ${ref} is not in workspace ${this.dir}`, typeof ref === 'string' ? ref : undefined);
    return img;
  }

  listImages(filter: ListImagesFilter = {}): ImageRecord[] {
    const rows = this.conn.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i ORDER BY i.id`).all() as Row[];
    return rows
      .map(toImage)
      .filter((r) => !filter.status || filter.status.includes(r.status))
      .filter((r) => !filter.label || filter.label.includes(r.label ?? 'unlabelled'));
  }

  // ---------------------------------------------------------------- labels

  /** The workspace's classes in order (meta `labels`; the first is the normal class). */
  labelClasses(): string[] {
    const raw = this.meta('labels');
    if (raw === undefined) return [...DEFAULT_LABEL_CLASSES];
    let names: unknown;
    try {
      names = JSON.parse(raw);
    } catch {
      throw new EngineError('CORRUPT', 'workspace meta "labels" is not JSON', join(this.dir, DB_FILE));
    }
    if (!Array.isArray(names) || labelClassesProblem(names as string[])) {
      throw new EngineError('CORRUPT', `workspace meta "labels" is not a valid class list: ${raw}`, join(this.dir, DB_FILE));
    }
    return names as string[];
  }

  /**
   * Replaces the class list (order matters: the first is the normal class). Refuses a list that drops a class
   * some image is currently labelled with (relabel those images first).
   */
  setLabelClasses(names: string[], author = this.actor): string[] {
    const problem = labelClassesProblem(names);
    if (problem) throw new EngineError('BAD_REQUEST', `labels: ${problem}`);
    const before = this.labelClasses();
    const inUse = new Set(this.listImages().map((i) => i.label).filter((l): l is string => l !== null && l !== UNCERTAIN_LABEL));
    const dropped = [...inUse].filter((l) => !names.includes(l));
    if (dropped.length) {
      throw new EngineError('BAD_REQUEST', `labels: ${dropped.map((d) => `"${d}"`).join(', ')} still label images; relabel them before removing the class`);
    }
    this.conn.transaction(() => {
      this.conn.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('labels', JSON.stringify(names));
      this.audit('labels.set', 'workspace', null, null, null, null, { before, after: names }, author);
    })();
    return [...names];
  }

  /** Which model "Propose" uses in this workspace (meta `proposalModel`; default taggan). */
  proposalModel(): ProposalModelChoice {
    const v = this.meta('proposalModel');
    return v !== undefined && (PROPOSAL_MODEL_CHOICES as readonly string[]).includes(v) ? (v as ProposalModelChoice) : 'taggan';
  }

  setProposalModel(choice: ProposalModelChoice, author = this.actor): ProposalModelChoice {
    if (!(PROPOSAL_MODEL_CHOICES as readonly string[]).includes(choice)) throw new EngineError('BAD_REQUEST', `proposal model must be one of ${PROPOSAL_MODEL_CHOICES.join(', ')}, not "${choice}"`);
    const before = this.proposalModel();
    this.conn.transaction(() => {
      this.conn.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('proposalModel', choice);
      this.audit('proposalModel.set', 'workspace', null, null, null, null, { before, after: choice }, author);
    })();
    return choice;
  }

  /** Sets the image-level label (a new row; history kept): one of the classes or 'uncertain'. Returns the new record. */
  setLabel(imageId: number, label: ImageLabel, author = this.actor): LabelRecord {
    const allowed = [...this.labelClasses(), UNCERTAIN_LABEL];
    if (!allowed.includes(label)) {
      throw new EngineError('BAD_REQUEST', `label must be one of ${allowed.join(', ')}, not "${label}"`);
    }
    this.requireImage(imageId);
    const at = now();
    return this.conn.transaction(() => {
      const before = this.conn.prepare('SELECT id FROM labels WHERE image_id = ? ORDER BY id DESC LIMIT 1').pluck().get(imageId) as number | undefined;
      const info = this.conn.prepare('INSERT INTO labels (image_id, label, author, created_at) VALUES (?,?,?,?)').run(imageId, label, author, at);
      const id = Number(info.lastInsertRowid);
      this.audit('label.set', 'label', id, imageId, before ?? null, id, { label }, author);
      return { id, imageId, label, author, createdAt: at };
    })();
  }

  labelHistory(imageId: number): LabelRecord[] {
    return (this.conn.prepare('SELECT * FROM labels WHERE image_id = ? ORDER BY id').all(imageId) as Row[]).map((r) => ({
      id: Number(r.id),
      imageId: Number(r.image_id),
      label: r.label as ImageLabel,
      author: String(r.author),
      createdAt: String(r.created_at),
    }));
  }

  // ---------------------------------------------------------------- proposals

  saveProposal(input: SaveProposalInput): ProposalRecord {
    const img = this.requireImage(input.imageId);
    this.checkMask(input.mask, img);
    if (typeof input.modelId !== 'string' || input.modelId === '') throw new EngineError('BAD_REQUEST', 'proposal needs a modelId');
    if (!Number.isFinite(input.threshold)) throw new EngineError('BAD_REQUEST', `proposal threshold must be a number, not ${input.threshold}`);
    const maskBlob = encodeMask(input.mask);
    const mapBlob = input.map ? encodeMap(input.map) : null;
    const area = maskArea(input.mask);
    const author = input.author ?? this.actor;
    const at = now();
    return this.conn.transaction(() => {
      const before = this.conn.prepare('SELECT id FROM proposals WHERE image_id = ? ORDER BY id DESC LIMIT 1').pluck().get(img.id) as number | undefined;
      const info = this.conn
        .prepare(
          `INSERT INTO proposals (image_id, model_id, threshold, params, stats, mask, mask_area, map, author, created_at)
           VALUES (?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(img.id, input.modelId, input.threshold, JSON.stringify(input.params ?? {}), JSON.stringify(input.stats ?? {}), maskBlob, area, mapBlob, author, at);
      const id = Number(info.lastInsertRowid);
      const cur = this.conn.prepare('SELECT status FROM images WHERE id = ?').pluck().get(img.id) as ImageStatus;
      if (cur === 'new') this.conn.prepare("UPDATE images SET status = 'proposed' WHERE id = ?").run(img.id);
      this.audit('proposal.save', 'proposal', id, img.id, before ?? null, id, { modelId: input.modelId, threshold: input.threshold, maskArea: area }, author);
      return this.getProposal(id)!.record;
    })();
  }

  /** A proposal with its mask (and the disease map when `withMap`). */
  getProposal(id: number, opts: { withMap?: boolean } = {}): { record: ProposalRecord; mask: BinaryMask; map?: DiseaseMap } | undefined {
    const r = this.conn.prepare('SELECT * FROM proposals WHERE id = ?').get(id) as Row | undefined;
    if (!r) return undefined;
    const out: { record: ProposalRecord; mask: BinaryMask; map?: DiseaseMap } = { record: toProposal(r), mask: decodeMask(r.mask as Buffer) };
    if (opts.withMap && r.map) out.map = decodeMap(r.map as Buffer);
    return out;
  }

  latestProposal(imageId: number, opts: { withMap?: boolean } = {}): { record: ProposalRecord; mask: BinaryMask; map?: DiseaseMap } | undefined {
    const id = this.conn.prepare('SELECT id FROM proposals WHERE image_id = ? ORDER BY id DESC LIMIT 1').pluck().get(imageId) as number | undefined;
    return id === undefined ? undefined : this.getProposal(id, opts);
  }

  // ---------------------------------------------------------------- annotations

  /** Saves a new annotation version (the clinician-final mask) and sets the image's status to its status. */
  saveAnnotation(input: SaveAnnotationInput): AnnotationRecord {
    const img = this.requireImage(input.imageId);
    if (input.status !== undefined && !(ANNOTATION_STATUSES as readonly string[]).includes(input.status)) {
      throw new EngineError('BAD_REQUEST', `annotation status must be one of accepted, edited, rejected, not "${input.status}"`);
    }
    if (input.mask === null && input.status !== 'rejected') throw new EngineError('BAD_REQUEST', 'an annotation needs a mask unless it is rejected');
    const mask: BinaryMask = input.mask ?? { width: img.width, height: img.height, data: new Uint8Array(img.width * img.height) };
    this.checkMask(mask, img);
    let origin: AnnotationOrigin = 'manual';
    if (input.proposalId !== undefined && input.proposalId !== null) {
      const p = this.getProposal(input.proposalId);
      if (!p || p.record.imageId !== img.id) throw new EngineError('BAD_REQUEST', `proposal ${input.proposalId} is not a proposal of image ${img.id}`);
      origin = masksEqual(p.mask, mask) ? 'automatic' : 'semiautomatic';
    }
    const status: AnnotationStatus = input.status ?? (origin === 'automatic' ? 'accepted' : 'edited');
    return this.insertAnnotation(img.id, encodeMask(mask), maskArea(mask), input.proposalId ?? null, origin, status, input.author ?? this.actor, input.note ?? null, 'annotation.save');
  }

  private insertAnnotation(
    imageId: number,
    blob: Buffer,
    area: number,
    proposalId: number | null,
    origin: AnnotationOrigin,
    status: AnnotationStatus,
    author: string,
    note: string | null,
    action: string,
    detail: Record<string, unknown> = {},
  ): AnnotationRecord {
    const at = now();
    return this.conn.transaction(() => {
      const prev = this.conn.prepare('SELECT id, version FROM annotations WHERE image_id = ? ORDER BY version DESC LIMIT 1').get(imageId) as
        | { id: number; version: number }
        | undefined;
      const version = (prev?.version ?? 0) + 1;
      const info = this.conn
        .prepare(
          `INSERT INTO annotations (image_id, version, proposal_id, origin, status, mask, mask_area, author, created_at, note)
           VALUES (?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(imageId, version, proposalId, origin, status, blob, area, author, at, note);
      const id = Number(info.lastInsertRowid);
      this.conn.prepare('UPDATE images SET status = ? WHERE id = ?').run(status, imageId);
      this.audit(action, 'annotation', id, imageId, prev?.id ?? null, id, { version, status, origin, maskArea: area, ...detail }, author);
      return { id, imageId, version, proposalId, origin, status, maskArea: area, author, createdAt: at, note };
    })();
  }

  getAnnotation(id: number): { record: AnnotationRecord; mask: BinaryMask } | undefined {
    const r = this.conn.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as Row | undefined;
    return r ? { record: toAnnotation(r), mask: decodeMask(r.mask as Buffer) } : undefined;
  }

  latestAnnotation(imageId: number): { record: AnnotationRecord; mask: BinaryMask } | undefined {
    const id = this.conn.prepare('SELECT id FROM annotations WHERE image_id = ? ORDER BY version DESC LIMIT 1').pluck().get(imageId) as number | undefined;
    return id === undefined ? undefined : this.getAnnotation(id);
  }

  annotationVersions(imageId: number): AnnotationRecord[] {
    return (this.conn.prepare('SELECT * FROM annotations WHERE image_id = ? ORDER BY version').all(imageId) as Row[]).map(toAnnotation);
  }

  /**
   * Records that an annotation was exported: a new version with status `exported` carrying the same
   * mask and origin (versions are immutable), so the image's status becomes `exported`.
   */
  markExported(annotationId: number, exportDir: string): AnnotationRecord {
    const r = this.conn.prepare('SELECT * FROM annotations WHERE id = ?').get(annotationId) as Row | undefined;
    if (!r) throw new EngineError('NOT_FOUND', `annotation ${annotationId} does not exist`);
    return this.insertAnnotation(
      Number(r.image_id), r.mask as Buffer, Number(r.mask_area), (r.proposal_id as number | null) ?? null, r.origin as AnnotationOrigin,
      'exported', this.actor, null, 'annotation.exported', { exportDir, fromVersion: Number(r.version) },
    );
  }

  /** Appends an audit event for something done outside the tables (e.g. an export run). */
  recordEvent(action: string, detail: Record<string, unknown>): void {
    this.conn.transaction(() => this.audit(action, action.split('.')[0]!, null, null, null, null, detail))();
  }

  // ---------------------------------------------------------------- reading

  status(): WorkspaceStatus {
    const images = this.listImages();
    const labels = this.labelClasses();
    const byLabel: WorkspaceStatus['byLabel'] = Object.fromEntries([...labels, UNCERTAIN_LABEL, 'unlabelled'].map((l) => [l, 0]));
    const byStatus = Object.fromEntries(IMAGE_STATUSES.map((s) => [s, 0])) as Record<ImageStatus, number>;
    for (const im of images) {
      const key = im.label ?? 'unlabelled';
      byLabel[key] = (byLabel[key] ?? 0) + 1;
      byStatus[im.status]++;
    }
    const count = (t: string): number => this.conn.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return {
      dir: this.dir,
      ...(this.readOnly ? { readOnly: true } : {}),
      schemaVersion: this.schemaVersion,
      images: images.length,
      labels,
      byLabel,
      byStatus,
      proposals: count('proposals'),
      annotations: count('annotations'),
    };
  }

  /** Audit events, oldest first (optionally for one image). */
  auditLog(opts: { imageId?: number; limit?: number } = {}): AuditEvent[] {
    const rows = (
      opts.imageId === undefined
        ? this.conn.prepare('SELECT * FROM audit ORDER BY id LIMIT ?').all(opts.limit ?? -1)
        : this.conn.prepare('SELECT * FROM audit WHERE image_id = ? ORDER BY id LIMIT ?').all(opts.imageId, opts.limit ?? -1)
    ) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      actor: String(r.actor),
      action: String(r.action),
      entity: String(r.entity),
      entityId: r.entity_id === null ? null : Number(r.entity_id),
      imageId: r.image_id === null ? null : Number(r.image_id),
      beforeId: r.before_id === null ? null : Number(r.before_id),
      afterId: r.after_id === null ? null : Number(r.after_id),
      detail: r.detail === null ? null : json(r.detail),
    }));
  }

  private requireImage(id: number): ImageRecord {
    const img = this.getImage(id);
    if (!img) throw new EngineError('NOT_FOUND', `image ${id} is not in workspace ${this.dir}`);
    return img;
  }

  private checkMask(mask: BinaryMask, img: ImageRecord): void {
    try {
      assertBinaryMask(mask);
    } catch (e) {
      throw new EngineError('BAD_REQUEST', (e as Error).message);
    }
    if (mask.width !== img.width || mask.height !== img.height) {
      throw new EngineError('BAD_REQUEST', `mask is ${mask.width}x${mask.height} but image ${img.id} is ${img.width}x${img.height}`);
    }
  }
}
