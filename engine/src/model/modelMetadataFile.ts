/**
 * The one reader of a model folder's metadata.json, for every kind of model (TagGAN: model/metadata.ts; the
 * lung-field U-Net: lungs/lungMetadata.ts): JSON, format name and version, architecture, weights manifest and
 * training record are checked, and every refusal is a MODEL error naming the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors';

/** The file every model folder describes itself in. */
export const METADATA_FILE = 'metadata.json';

/** What every model's metadata.json holds, whatever its kind. */
export interface ModelMetadataBase<A> {
  format: string;
  formatVersion: number;
  arch: A;
  weights: { file: string; specs: unknown[] };
  training: { step: number };
}

/** A kind of model folder. */
export interface ModelKind<A> {
  /** metadata.json's `format`, and the `formatVersion` this engine reads. */
  format: string;
  formatVersion: number;
  /** In messages: "a TagGAN model", "a lung-field model". */
  name: string;
  /** In short: "model", "lung model". */
  short: string;
  /** Throws (any error; its message is kept) when the architecture record is wrong. */
  assertArch(arch: A): void;
}

/** Parses and checks metadata.json text; throws MODEL naming `file`. */
export function parseModelMetadata<M extends ModelMetadataBase<A>, A>(text: string, file: string, kind: ModelKind<A>): M {
  let m: M;
  try {
    m = JSON.parse(text) as M;
  } catch (e) {
    throw new EngineError('MODEL', `metadata is not valid JSON (${(e as Error).message})`, file);
  }
  if (!m || typeof m !== 'object' || m.format !== kind.format) {
    throw new EngineError('MODEL', `not ${kind.name} (format is ${JSON.stringify((m as { format?: unknown })?.format)}, expected "${kind.format}")`, file);
  }
  if (m.formatVersion !== kind.formatVersion) throw new EngineError('MODEL', `${kind.short} format version ${m.formatVersion} is not supported (this engine reads ${kind.formatVersion})`, file);
  try {
    kind.assertArch(m.arch);
  } catch (e) {
    throw new EngineError('MODEL', `bad architecture: ${(e as Error).message}`, file);
  }
  if (!m.weights || !Array.isArray(m.weights.specs) || typeof m.weights.file !== 'string') throw new EngineError('MODEL', 'no weights manifest', file);
  if (!m.training || !Number.isInteger(m.training.step)) throw new EngineError('MODEL', 'no training record', file);
  return m;
}

/** Reads and checks DIR/metadata.json; throws MODEL naming the file (missing, unreadable, or as parseModelMetadata). */
export function readModelMetadata<M extends ModelMetadataBase<A>, A>(dir: string, kind: ModelKind<A>): M {
  const file = join(dir, METADATA_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new EngineError('MODEL', code === 'ENOENT' ? `no ${kind.short} here (${METADATA_FILE} missing)` : `cannot read (${(e as Error).message})`, file);
  }
  return parseModelMetadata<M, A>(text, file, kind);
}
