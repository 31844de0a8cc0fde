import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intOption, numberOption } from '../../../engine/src/cli/numberOptions';

const refused = (f: () => unknown, message: RegExp): void => {
  assert.throws(f, (e: Error & { code?: string }) => e.code === 'BAD_REQUEST' && message.test(e.message));
};

test('an absent option is undefined; a present one is parsed', () => {
  assert.equal(intOption(undefined, 'steps'), undefined);
  assert.equal(numberOption(undefined, 'lr'), undefined);
  assert.equal(intOption('400', 'steps', { min: 0 }), 400);
  assert.equal(intOption('-3', 'seed'), -3);
  assert.equal(numberOption('1e-3', 'lr', { above: 0 }), 0.001);
  assert.equal(numberOption('0', 'soft-targets', { min: 0 }), 0);
});

test('the error names the option, the rule and what was typed', () => {
  refused(() => intOption('2.5', 'steps'), /^--steps must be an integer, got "2.5"$/);
  refused(() => intOption('', 'batch', { min: 1 }), /^--batch must be a positive integer, got ""$/);
  refused(() => intOption('0', 'count', { min: 1 }), /^--count must be a positive integer, got "0"$/);
  refused(() => intOption('-1', 'frame', { min: 0 }), /^--frame must be a non-negative integer, got "-1"$/);
  refused(() => intOption('9007199254740993', 'limit', { min: 1 }), /--limit must be a positive integer/);
  refused(() => numberOption('abc', 'lr', { above: 0 }), /^--lr must be a number above 0, got "abc"$/);
  refused(() => numberOption('0', 'lr', { above: 0 }), /--lr must be a number above 0/);
  refused(() => numberOption('Infinity', 'epochs', { above: 0 }), /--epochs must be a number above 0/);
  refused(() => numberOption('-0.1', 'soft-targets', { min: 0 }), /^--soft-targets must be a number >= 0, got "-0.1"$/);
  refused(() => numberOption('1.5', 'quantile', { above: 0.5, max: 1 }), /^--quantile must be a number above 0.5 and at most 1, got "1.5"$/);
  refused(() => numberOption('601', 'timeout', { min: 0, max: 600 }), /^--timeout must be a number in 0..600, got "601"$/);
});
