/**
 * Numeric command-line options: each parser returns undefined when the option is absent and otherwise either a
 * number inside its bounds or a BAD_REQUEST that names the option, the rule and what was typed.
 */
import { EngineError } from '../errors';

export interface NumberBounds {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Values must be strictly greater than this. */
  above?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
}

function rule(kind: 'integer' | 'number', b: NumberBounds): string {
  if (kind === 'integer' && b.max === undefined && b.above === undefined) {
    if (b.min === 1) return 'a positive integer';
    if (b.min === 0) return 'a non-negative integer';
  }
  const parts: string[] = [];
  if (b.min !== undefined && b.max !== undefined) parts.push(`in ${b.min}..${b.max}`);
  else {
    if (b.min !== undefined) parts.push(`>= ${b.min}`);
    if (b.above !== undefined) parts.push(`above ${b.above}`);
    if (b.max !== undefined) parts.push(`at most ${b.max}`);
  }
  return `${kind === 'integer' ? 'an integer' : 'a number'}${parts.length ? ' ' + parts.join(' and ') : ''}`;
}

function parse(v: string | undefined, name: string, kind: 'integer' | 'number', b: NumberBounds): number | undefined {
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  const ok = (kind === 'integer' ? Number.isSafeInteger(n) : Number.isFinite(n))
    && (b.min === undefined || n >= b.min)
    && (b.above === undefined || n > b.above)
    && (b.max === undefined || n <= b.max);
  if (!ok) throw new EngineError('BAD_REQUEST', `--${name} must be ${rule(kind, b)}, got "${v}"`);
  return n;
}

/** `--name N`: a whole number within the bounds. */
export function intOption(v: string | undefined, name: string, bounds: NumberBounds = {}): number | undefined {
  return parse(v, name, 'integer', bounds);
}

/** `--name X`: a finite number within the bounds. */
export function numberOption(v: string | undefined, name: string, bounds: NumberBounds = {}): number | undefined {
  return parse(v, name, 'number', bounds);
}
