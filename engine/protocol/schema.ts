/**
 * Tiny runtime validators for payloads that cross a process boundary (engine requests, Electron IPC).
 * `schema.parse(x)` returns the value typed, or throws SchemaError naming the path and the problem.
 * Pure: no Node, no DOM.
 */
export class SchemaError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`${path || 'payload'}: ${problem}`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  parse(x: unknown, path?: string): T;
  readonly optional?: boolean;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

const describe = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);

export function string(opts: { maxLength?: number; minLength?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = opts.maxLength ?? 4096;
  return {
    parse(x, path = '') {
      if (typeof x !== 'string') throw new SchemaError(path, `expected a string, got ${describe(x)}`);
      if (x.length > max) throw new SchemaError(path, `longer than ${max} characters`);
      if (opts.minLength !== undefined && x.length < opts.minLength) throw new SchemaError(path, `shorter than ${opts.minLength} characters`);
      if (opts.pattern && !opts.pattern.test(x)) throw new SchemaError(path, `does not match ${opts.pattern}`);
      return x;
    },
  };
}

export function number(opts: { int?: boolean; min?: number; max?: number } = {}): Schema<number> {
  return {
    parse(x, path = '') {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new SchemaError(path, `expected a finite number, got ${describe(x)}`);
      if (opts.int && !Number.isInteger(x)) throw new SchemaError(path, 'expected an integer');
      if (opts.min !== undefined && x < opts.min) throw new SchemaError(path, `below the minimum ${opts.min}`);
      if (opts.max !== undefined && x > opts.max) throw new SchemaError(path, `above the maximum ${opts.max}`);
      return x;
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    parse(x, path = '') {
      if (typeof x !== 'boolean') throw new SchemaError(path, `expected a boolean, got ${describe(x)}`);
      return x;
    },
  };
}

export function oneOf<const T extends readonly (string | number)[]>(values: T): Schema<T[number]> {
  return {
    parse(x, path = '') {
      if (!values.includes(x as T[number])) throw new SchemaError(path, `expected one of ${values.join(', ')}`);
      return x as T[number];
    },
  };
}

export function array<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const max = opts.max ?? 100_000;
  return {
    parse(x, path = '') {
      if (!Array.isArray(x)) throw new SchemaError(path, `expected an array, got ${describe(x)}`);
      if (x.length > max) throw new SchemaError(path, `more than ${max} items`);
      return x.map((v, i) => item.parse(v, `${path}[${i}]`));
    },
  };
}

type TypedCtor<T> = { new (...args: never[]): T; name: string };
export function typedArray<T extends ArrayBufferView>(ctor: TypedCtor<T>, opts: { maxLength?: number } = {}): Schema<T> {
  return {
    parse(x, path = '') {
      if (!(x instanceof ctor)) throw new SchemaError(path, `expected ${ctor.name}, got ${describe(x)}`);
      const len = (x as unknown as { length: number }).length;
      if (opts.maxLength !== undefined && len > opts.maxLength) throw new SchemaError(path, `longer than ${opts.maxLength}`);
      return x;
    },
  };
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    optional: true,
    parse(x, path = '') {
      return x === undefined ? undefined : inner.parse(x, path);
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : undefined extends Infer<S[K]> ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/** An object with exactly these keys (unknown keys are refused: they are usually typos or probes). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    parse(x, path = '') {
      if (!x || typeof x !== 'object' || Array.isArray(x)) throw new SchemaError(path, `expected an object, got ${describe(x)}`);
      const src = x as Record<string, unknown>;
      for (const k of Object.keys(src)) if (!(k in shape)) throw new SchemaError(path ? `${path}.${k}` : k, 'unknown field');
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(shape)) {
        const v = s.parse(src[k], path ? `${path}.${k}` : k);
        if (v !== undefined) out[k] = v;
      }
      return out as ObjectOf<S>;
    },
  };
}

export const empty = () => object({});
