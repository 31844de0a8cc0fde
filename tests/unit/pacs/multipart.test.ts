/** multipart/related parsing and building (WADO-RS answers, STOW-RS requests), and QIDO-RS query parameters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../engine/src/errors';
import { buildMultipartRelated, contentTypeParam, parseMultipartRelated } from '../../../engine/src/pacs/multipartRelated';
import { normaliseServerUrl } from '../../../engine/src/pacs/dicomwebClient';
import { studyQueryParams } from '../../../engine/src/pacs/qidoQuery';

const S = 'http://pacs.test';
const isPacs = (re: RegExp) => (e: unknown) => e instanceof EngineError && e.code === 'PACS' && e.file === S && re.test(e.message);

test('build then parse gives the same parts, binary bytes (CR LF, dashes) intact', () => {
  const a = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10]);
  const b = Buffer.alloc(70_000, 7);
  const m = buildMultipartRelated([a, b, Buffer.alloc(0)]);
  assert.match(m.contentType, /^multipart\/related; type="application\/dicom"; boundary=taggan-/);
  const parts = parseMultipartRelated(m.contentType, m.body, S);
  assert.equal(parts.length, 3);
  assert.deepEqual(parts[0]!.body, a);
  assert.deepEqual(parts[1]!.body, b);
  assert.equal(parts[2]!.body.length, 0);
  assert.equal(parts[0]!.headers['content-type'], 'application/dicom');
});

test('quoted boundary, preamble, transport padding and a part without headers parse', () => {
  const body = Buffer.from('preamble\r\n--b 1  \r\n\r\nhello\r\n--b 1\r\nContent-Type: application/dicom\r\n\r\nworld\r\n--b 1--\r\nepilogue');
  const parts = parseMultipartRelated('Multipart/Related; boundary="b 1"; type="application/dicom"', body, S);
  assert.deepEqual(parts.map((p) => p.body.toString()), ['hello', 'world']);
  assert.equal(contentTypeParam('multipart/related; type="application/dicom"; boundary=abc', 'type'), 'application/dicom');
});

test('malformed multipart is a typed PACS error naming the server', () => {
  const ok = 'multipart/related; boundary=b';
  assert.throws(() => parseMultipartRelated('application/dicom', Buffer.from('x'), S), isPacs(/expected multipart\/related/));
  assert.throws(() => parseMultipartRelated('multipart/related', Buffer.from('x'), S), isPacs(/no boundary/));
  assert.throws(() => parseMultipartRelated(ok, Buffer.from('no delimiter here'), S), isPacs(/never occurs/));
  assert.throws(() => parseMultipartRelated(ok, Buffer.from('--b\r\n\r\ntruncated'), S), isPacs(/part 1 is not closed/));
  assert.throws(() => parseMultipartRelated(ok, Buffer.from('--bX\r\n'), S), isPacs(/no line break/));
  assert.throws(() => parseMultipartRelated(ok, Buffer.from('--b\r\nbroken header\r\n\r\nx\r\n--b--'), S), isPacs(/header line without a name/));
});

test('server URLs: credentials, queries and other schemes refused; trailing slashes dropped', () => {
  assert.equal(normaliseServerUrl('https://pacs.example.org/dicom-web//').href, 'https://pacs.example.org/dicom-web');
  for (const bad of ['ftp://x/dicom-web', 'https://u:p@x/dicom-web', 'https://x/dicom-web?a=1', 'not a url']) {
    assert.throws(() => normaliseServerUrl(bad), (e) => e instanceof EngineError && e.code === 'BAD_REQUEST', bad);
  }
});

test('QIDO-RS parameters: the fields asked, a date range checked, a limit always set', () => {
  const p = studyQueryParams({ patientName: 'Doe*', modality: 'CR', studyDate: '20200101-20201231', accessionNumber: 'A1' });
  assert.equal(p.get('PatientName'), 'Doe*');
  assert.equal(p.get('ModalitiesInStudy'), 'CR');
  assert.equal(p.get('StudyDate'), '20200101-20201231');
  assert.equal(p.get('AccessionNumber'), 'A1');
  assert.equal(p.get('limit'), '100');
  assert.ok(p.getAll('includefield').includes('NumberOfStudyRelatedInstances'));
  assert.throws(() => studyQueryParams({ studyDate: '2020-01-01' }), (e) => e instanceof EngineError && e.code === 'BAD_REQUEST');
  assert.equal(studyQueryParams({ studyDate: '20200101-' }).get('StudyDate'), '20200101-');
});
