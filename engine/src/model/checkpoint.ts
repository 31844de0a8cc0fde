/**
 * Model folder I/O: weights.bin (TF.js weight encoding, manifest in metadata.json), optimizer.bin (Adam
 * state, for resuming) and metadata.json, each written to a temporary name then renamed, metadata last,
 * so a crash mid-save leaves the previous checkpoint readable.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../errors';
import type { ParamStore } from './paramStore';
import { METADATA_FILE, OPTIMIZER_FILE, TAGGAN_MODEL_KIND, WEIGHTS_FILE, type ModelMetadata } from './metadata';
import type { ModelArch } from './modelConfig';
import { readModelMetadata } from './modelMetadataFile';

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function toBytes(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  return new Uint8Array(tf.io.concatenateArrayBuffers(data as ArrayBuffer[]));
}

/** Named optimiser whose state is saved (Adam state = iterations + first + second moments). */
export interface OptimizerGroup { name: string; optimizer: tf.Optimizer }

/**
 * Writes the checkpoint. `meta` is everything but the weight manifests, which are filled in here.
 * The optimiser's slot names carry run-specific variable names; they are stored by position
 * (`G/0`, `G/1`, ...) and restored in the same order.
 */
export async function saveCheckpoint(
  dir: string, stores: ParamStore[], meta: Omit<ModelMetadata, 'weights' | 'optimizer'>, optimizers: OptimizerGroup[] = [],
): Promise<ModelMetadata> {
  return saveStoresCheckpoint(dir, stores, meta, optimizers);
}

/** saveCheckpoint for any metadata record (other networks, e.g. the lung segmenter, have their own). */
export async function saveStoresCheckpoint<M extends object>(
  dir: string, stores: ParamStore[], meta: M, optimizers: OptimizerGroup[] = [],
): Promise<M & Pick<ModelMetadata, 'weights' | 'optimizer'>> {
  mkdirSync(dir, { recursive: true });
  const named: tf.NamedTensorMap = {};
  for (const s of stores) for (const [name, v] of s.entries()) named[`${s.network}/${name}`] = v;
  const w = await tf.io.encodeWeights(named);
  writeAtomic(join(dir, WEIGHTS_FILE), toBytes(w.data));
  const full: M & Pick<ModelMetadata, 'weights' | 'optimizer'> = { ...meta, weights: { file: WEIGHTS_FILE, specs: w.specs } };
  if (optimizers.length > 0) {
    const list: { name: string; tensor: tf.Tensor }[] = [];
    const groups: { name: string; count: number }[] = [];
    const iters: tf.Tensor[] = [];
    for (const g of optimizers) {
      const ws = await g.optimizer.getWeights();
      iters.push(ws[0]!.tensor); // getWeights() makes a fresh 'iter' scalar; the rest are live slots
      ws.forEach((x, i) => list.push({ name: `${g.name}/${i}`, tensor: x.tensor }));
      groups.push({ name: g.name, count: ws.length });
    }
    try {
      const o = await tf.io.encodeWeights(list);
      writeAtomic(join(dir, OPTIMIZER_FILE), toBytes(o.data));
      full.optimizer = { file: OPTIMIZER_FILE, specs: o.specs, groups };
    } finally {
      tf.dispose(iters);
    }
  }
  writeAtomic(join(dir, METADATA_FILE), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/** Reads and validates metadata.json of a model folder. */
export function readMetadata(dir: string): ModelMetadata {
  return readModelMetadata<ModelMetadata, ModelArch>(dir, TAGGAN_MODEL_KIND);
}

/**
 * Reads a weights file written by saveCheckpoint (float32/int32 entries back to back, in manifest order) and
 * returns the tensors whose name passes `want` (default: all).
 */
function readWeightsFile(dir: string, file: string, specs: tf.io.WeightsManifestEntry[], want: (name: string) => boolean = () => true): tf.NamedTensorMap {
  const path = join(dir, file);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new EngineError('MODEL', `cannot read weights (${(e as Error).message})`, path);
  }
  for (const s of specs) {
    if ((s.dtype !== 'float32' && s.dtype !== 'int32') || s.quantization) throw new EngineError('MODEL', `weight ${s.name} is ${s.dtype}${s.quantization ? ' (quantized)' : ''}; only float32/int32 are supported`, path);
  }
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (buf.byteLength !== expected) throw new EngineError('MODEL', `weights file has ${buf.byteLength} bytes, manifest says ${expected}`, path);
  const out: tf.NamedTensorMap = {};
  let offset = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (want(s.name)) {
      const values = s.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
      new Uint8Array(values.buffer).set(buf.subarray(offset, offset + n * 4));
      out[s.name] = tf.tensor(values, s.shape, s.dtype as 'float32' | 'int32');
    }
    offset += n * 4;
  }
  return out;
}

/**
 * Copies the checkpoint's weights into the stores' variables (shapes must match; every variable of
 * every store must be present). Stores not in the checkpoint are an error.
 */
export function restoreWeights(dir: string, meta: Pick<ModelMetadata, 'weights'>, stores: ParamStore[]): void {
  const wanted = new Set(stores.map((s) => s.network));
  const tensors = readWeightsFile(dir, meta.weights.file, meta.weights.specs, (name) => wanted.has(name.split('/')[0]!));
  try {
    for (const s of stores) {
      for (const [name, v] of s.entries()) {
        const key = `${s.network}/${name}`;
        const t = tensors[key];
        if (!t) throw new EngineError('MODEL', `weights lack ${key}`, join(dir, meta.weights.file));
        if (t.shape.join('x') !== v.shape.join('x')) throw new EngineError('MODEL', `${key} has shape [${t.shape}], model expects [${v.shape}]`, join(dir, meta.weights.file));
        v.assign(t);
      }
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Restores Adam state saved by saveCheckpoint into fresh optimisers (same groups, same variable order). */
export async function restoreOptimizers(dir: string, meta: Pick<ModelMetadata, 'optimizer'>, optimizers: OptimizerGroup[]): Promise<void> {
  if (!meta.optimizer) throw new EngineError('MODEL', 'checkpoint has no optimiser state (cannot resume)', join(dir, METADATA_FILE));
  const tensors = readWeightsFile(dir, meta.optimizer.file, meta.optimizer.specs);
  try {
    for (const g of optimizers) {
      const group = meta.optimizer.groups.find((x) => x.name === g.name);
      if (!group) throw new EngineError('MODEL', `optimiser state lacks group ${g.name}`, join(dir, meta.optimizer.file));
      const list: { name: string; tensor: tf.Tensor }[] = [];
      for (let i = 0; i < group.count; i++) {
        const t = tensors[`${g.name}/${i}`];
        if (!t) throw new EngineError('MODEL', `optimiser state lacks ${g.name}/${i}`, join(dir, meta.optimizer.file));
        list.push({ name: `${g.name}/${i}`, tensor: t });
      }
      await g.optimizer.setWeights(list);
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
