import * as tf from '@tensorflow/tfjs-core';

let nextStoreId = 0;

/** FNV-1a 32-bit hash of a string (stable per-variable seeds). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Owns the variables of one network. Names are local ("c1", "res0a"); the TF.js variable name gets a
 * unique store prefix because TF.js variable names are global. Initial values are N(0, std) with a seed
 * derived from (seed, network, name), so a model is reproducible given its seed on any backend.
 */
export class ParamStore {
  readonly network: string;
  readonly seed: number;
  private readonly prefix: string;
  private readonly vars = new Map<string, tf.Variable>();
  private disposed = false;

  constructor(network: string, seed: number) {
    if (!/^[A-Za-z0-9_]+$/.test(network)) throw new RangeError(`ParamStore: bad network name "${network}"`);
    if (!Number.isInteger(seed)) throw new RangeError(`ParamStore: seed must be an integer, got ${seed}`);
    this.network = network;
    this.seed = seed;
    this.prefix = `taggan${nextStoreId++}/${network}/`;
  }

  /** Creates a trainable variable of `shape` ~ N(0, std) (or zeros when std is 0). */
  create(name: string, shape: number[], std: number): tf.Variable {
    if (this.disposed) throw new Error(`ParamStore ${this.network}: used after dispose()`);
    if (this.vars.has(name)) throw new Error(`ParamStore ${this.network}: variable ${name} already exists`);
    const init = std === 0
      ? tf.zeros(shape)
      : tf.randomNormal(shape, 0, std, 'float32', (hash32(`${this.network}/${name}`) ^ Math.imul(this.seed, 0x9e3779b1)) >>> 0);
    const v = tf.variable(init, true, `${this.prefix}${name}`);
    init.dispose();
    this.vars.set(name, v);
    return v;
  }

  /** Variables in creation order (the order optimisers and checkpoints use). */
  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** [local name, variable] in creation order. */
  entries(): [string, tf.Variable][] {
    return [...this.vars.entries()];
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`ParamStore ${this.network}: no variable ${name}`);
    return v;
  }

  /** Number of scalar parameters. */
  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  dispose(): void {
    if (this.disposed) return;
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.disposed = true;
  }
}
