import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { readDataset, splitCsvLine } from '../../../engine/src/train/readDataset';

const root = mkdtempSync(join(tmpdir(), 'taggan-ds-'));
after(() => rmSync(root, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(root, 'd-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(d, rel, '..'), { recursive: true });
    writeFileSync(join(d, rel), text);
  }
  return d;
}

const isBad = (re: RegExp) => (e: unknown) => e instanceof EngineError && e.code === 'BAD_DATASET' && re.test(e.message);

test('labels.csv with header, extra columns, quotes and a custom normal label', () => {
  const d = folder({ 'a.png': 'x', 'b c.png': 'x', 'sub/n.png': 'x', 'labels.csv': 'patient,label,file\n1,pneumonia,a.png\n2,pneumonia,"b c.png"\n3,No Finding,sub/n.png\n' });
  const e = readDataset(d, 'no finding');
  assert.deepEqual(e.map((x) => [x.rel, x.label, x.abnormal]), [['a.png', 'pneumonia', true], ['b c.png', 'pneumonia', true], ['sub/n.png', 'No Finding', false]]);
});

test('labels.csv without a header is read as file,label', () => {
  const d = folder({ 'a.png': 'x', 'b.png': 'x', 'labels.csv': 'a.png,abnormal\r\nb.png,normal\r\n' });
  assert.deepEqual(readDataset(d).map((x) => x.abnormal), [true, false]);
});

test('one folder per class', () => {
  const d = folder({ 'normal/1.png': 'x', 'normal/.hidden.png': 'x', 'normal/readme.txt': 'x', 'effusion/2.dcm': 'x', 'effusion/3': 'x' });
  assert.deepEqual(readDataset(d).map((x) => `${x.rel}:${x.abnormal}`), ['effusion/2.dcm:true', 'effusion/3:true', 'normal/1.png:false']);
});

test('bad data folders fail with BAD_DATASET naming the file and row', () => {
  assert.throws(() => readDataset(join(root, 'missing')), isBad(/does not exist/));
  const missingFile = folder({ 'a.png': 'x', 'labels.csv': 'file,label\na.png,normal\nghost.png,abnormal\n' });
  assert.throws(() => readDataset(missingFile), (e: unknown) => isBad(/row 3: image file not found: ghost\.png/)(e) && (e as Error).message.includes('labels.csv'));
  const noLabel = folder({ 'a.png': 'x', 'labels.csv': 'file,label\na.png,\n' });
  assert.throws(() => readDataset(noLabel), isBad(/row 2: no label for a\.png/));
  const dup = folder({ 'a.png': 'x', 'b.png': 'x', 'labels.csv': 'file,label\na.png,normal\nb.png,x\na.png,x\n' });
  assert.throws(() => readDataset(dup), isBad(/row 4: a\.png is listed twice/));
  const header = folder({ 'labels.csv': 'file,diagnosis\n' });
  assert.throws(() => readDataset(header), isBad(/"file" and "label"/));
  const allAbn = folder({ 'a.png': 'x', 'labels.csv': 'file,label\na.png,pneumonia\n' });
  assert.throws(() => readDataset(allAbn), isBad(/no image is labelled "normal" \(labels found: pneumonia\)/));
  const allNormal = folder({ 'normal/a.png': 'x' });
  assert.throws(() => readDataset(allNormal), isBad(/abnormal images too/));
  const empty = folder({ 'notes.txt': 'x' });
  assert.throws(() => readDataset(empty), isBad(/no labels\.csv and no class folders/));
});

test('splitCsvLine handles quotes and escaped quotes', () => {
  assert.deepEqual(splitCsvLine('"a,b",c, "d ""e"""'), ['a,b', 'c', 'd "e"']);
});
