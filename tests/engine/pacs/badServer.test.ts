/**
 * A DICOMweb peer that misbehaves on purpose (a small local HTTP server: the thing under test's peer, not a
 * stand-in for our code): no answer, 401, 404, 500, non-JSON, malformed multipart, answers over the size cap,
 * a slow instance to cancel. Each gives a typed error naming the server, and images imported before stay.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineCallError, EngineClient } from '../../../engine/protocol/client';
import { createEngine } from '../../../engine/src/methods/createEngine';
import { EngineError } from '../../../engine/src/errors';
import { DEFAULT_LIMITS, DicomWebClient } from '../../../engine/src/pacs/dicomwebClient';
import { freePort } from '../../../engine/src/pacs/orthancServer';
import { connectInProcess } from '../../../engine/src/transports/inProcess';
import { ROOT } from '../../helpers/cli';

const STUDY = '1.2.826.0.1.3680043.9.7.1';
const SERIES = `${STUDY}.1`;
const CR = readFileSync(join(ROOT, 'samples', 'dicom', 'chest-cr-RG1_J2KI.dcm'));
const DX = readFileSync(join(ROOT, 'samples', 'dicom', 'dx_image.dcm'));
const tmp = mkdtempSync(join(tmpdir(), 'taggan-badpacs-'));

/** What each instance of the series does. */
type Act = 'cr' | 'dx' | 'malformed' | 'hang' | 'slow' | 'not-dicom';
let series: Act[] = [];
/** What /studies does. */
let studies: 'ok' | 'hang' | '401' | '404' | '500' | 'not-json' | 'huge' = 'ok';
const hanging = new Set<ServerResponse>();

function multipart(res: ServerResponse, body: Buffer, opts: { close?: boolean } = {}): void {
  const b = 'xyzBOUNDARYxyz';
  res.writeHead(200, { 'content-type': `multipart/related; type="application/dicom"; boundary=${b}` });
  res.end(Buffer.concat([Buffer.from(`--${b}\r\nContent-Type: application/dicom\r\n\r\n`), body, Buffer.from(opts.close === false ? '\r\n' : `\r\n--${b}--\r\n`)]));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url!, 'http://x').pathname;
  const json = (v: unknown) => {
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end(JSON.stringify(v));
  };
  if (path === '/dicom-web/studies') {
    if (studies === 'hang') return void hanging.add(res);
    if (studies === '401') return void res.writeHead(401, { 'www-authenticate': 'Basic realm="pacs"' }).end('no');
    if (studies === '404') return void res.writeHead(404).end('nothing here');
    if (studies === '500') return void res.writeHead(500).end('database is down');
    if (studies === 'not-json') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login page</html>');
    if (studies === 'huge') {
      // Streams "[" then spaces forever (no Content-Length) until the client gives up.
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.write('[');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.destroy());
      return pump();
    }
    return json([{ '0020000D': { vr: 'UI', Value: [STUDY] } }]);
  }
  if (path === `/dicom-web/studies/${STUDY}/series`) return json([{ '0020000E': { vr: 'UI', Value: [SERIES] }, '00080060': { vr: 'CS', Value: ['CR'] } }]);
  if (path === `/dicom-web/studies/${STUDY}/series/${SERIES}/instances`) return json(series.map((_, i) => ({ '00080018': { vr: 'UI', Value: [`${SERIES}.${i + 1}`] } })));
  const m = path.match(new RegExp(`^/dicom-web/studies/${STUDY.replace(/\./g, '\\.')}/series/${SERIES.replace(/\./g, '\\.')}/instances/[0-9.]+\\.(\\d+)$`));
  const act = m ? series[Number(m[1]) - 1] : undefined;
  if (act === 'cr') return multipart(res, CR);
  if (act === 'dx') return multipart(res, DX);
  if (act === 'malformed') return multipart(res, DX.subarray(0, 1000), { close: false });
  if (act === 'not-dicom') return multipart(res, Buffer.from('this is not a DICOM file at all, sorry'));
  if (act === 'hang') return void hanging.add(res);
  if (act === 'slow') return void setTimeout(() => multipart(res, DX), 4000);
  res.writeHead(404).end();
}

let server: Server;
let base: string;
let c: EngineClient;
before(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web`;
  c = new EngineClient(connectInProcess(createEngine()));
});
after(async () => {
  c.close();
  for (const r of hanging) r.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

function typed(codeWanted: string, message: RegExp) {
  return (e: unknown) => {
    const code = e instanceof EngineCallError || e instanceof EngineError ? e.code : undefined;
    assert.equal(code, codeWanted, `code of: ${String(e)}`);
    assert.match((e as Error).message, message);
    return true;
  };
}

test('no answer: PACS_UNREACHABLE within the time limit, naming the server', async () => {
  studies = 'hang';
  const t0 = Date.now();
  await assert.rejects(c.call('pacs.connect', { url: base, timeoutMs: 400 }), typed('PACS_UNREACHABLE', /127\.0\.0\.1.*no complete answer within 0\.4 s/));
  assert.ok(Date.now() - t0 < 3000);
});

test('connection refused: PACS_UNREACHABLE saying so', async () => {
  const port = await freePort();
  await assert.rejects(c.call('pacs.connect', { url: `http://127.0.0.1:${port}/dicom-web` }), typed('PACS_UNREACHABLE', /connection refused/));
});

test('401 is PACS_AUTH; 404, 500 and a non-JSON answer are PACS with what the server said', async () => {
  studies = '401';
  await assert.rejects(c.call('pacs.connect', { url: base, auth: { kind: 'bearer', token: 'expired' } }), typed('PACS_AUTH', /401.*credentials/));
  studies = '404';
  await assert.rejects(c.call('pacs.connect', { url: base }), typed('PACS', /404.*nothing here/));
  studies = '500';
  await assert.rejects(c.call('pacs.connect', { url: base }), typed('PACS', /500.*database is down/));
  studies = 'not-json';
  await assert.rejects(c.call('pacs.connect', { url: base }), typed('PACS', /not JSON.*login page/));
  assert.deepEqual(await c.call('pacs.status', {}), { connected: false, url: null, as: null });
});

test('an answer over the size cap is refused while it streams (PACS), and one declaring 2 GiB before a byte is read', async () => {
  studies = 'huge';
  const client = new DicomWebClient(base, { kind: 'none' }, { ...DEFAULT_LIMITS, maxJsonBytes: 1024 * 1024 });
  const rss0 = process.memoryUsage().rss;
  await assert.rejects(client.searchStudies({}), typed('PACS', /over the 1 MiB cap/));
  assert.ok(process.memoryUsage().rss - rss0 < 200 * 1024 * 1024);
  const big = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'multipart/related; boundary=x', 'content-length': String(2 ** 31) });
    res.write('--x\r\n');
  });
  await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
  try {
    const bc = new DicomWebClient(`http://127.0.0.1:${(big.address() as { port: number }).port}/dicom-web`, { kind: 'none' }, { ...DEFAULT_LIMITS, maxInstanceBytes: 64 * 1024 * 1024 });
    await assert.rejects(bc.retrieveInstance(STUDY, SERIES, `${SERIES}.1`), typed('PACS', /over the 64 MiB cap \(2048 MiB declared\)/));
  } finally {
    big.closeAllConnections();
    await new Promise((r) => big.close(r));
  }
});

test('import: a malformed or non-DICOM instance is reported and skipped; a server that stops answering ends it, and what arrived stays', async () => {
  studies = 'ok';
  await c.call('workspace.open', { dir: join(tmp, 'ws'), create: true });
  await c.call('pacs.connect', { url: base, timeoutMs: 1500 });
  series = ['cr', 'malformed', 'not-dicom', 'dx', 'hang', 'cr'];
  await assert.rejects(c.call('pacs.import', { studyInstanceUid: STUDY }), typed('PACS_UNREACHABLE', /no complete answer.*the 2 images imported before this stay in the workspace/));
  const images = await c.call('workspace.images', {});
  assert.deepEqual(images.map((i) => i.modality), ['CR', 'DX']);
  for (const im of images) {
    const src = await c.call('workspace.imageSource', { imageId: im.id });
    assert.equal(src!.serverUrl, base);
    assert.equal(src!.seriesInstanceUid, SERIES);
  }
  // The same series again, now whole: the two already there are not downloaded again; the bad ones fail again, typed.
  series = ['cr', 'malformed', 'not-dicom', 'dx'];
  const r = await c.call('pacs.import', { studyInstanceUid: STUDY });
  assert.equal(r.added.length, 0);
  assert.equal(r.duplicates.length, 2);
  assert.deepEqual(r.failed.map((f) => f.code), ['PACS', 'PACS']);
  assert.match(r.failed[0]!.message, /malformed multipart answer: part 1 is not closed/);
  assert.match(r.failed[1]!.message, /not a DICOM file/);
  await c.call('workspace.close', {});
});

test('cancel during a slow instance: CANCELLED, the images before stay, no partial file is left', async () => {
  await c.call('workspace.open', { dir: join(tmp, 'ws-cancel'), create: true });
  series = ['cr', 'slow', 'dx'];
  const ac = new AbortController();
  const call = c.call('pacs.import', { studyInstanceUid: STUDY }, { signal: ac.signal, onProgress: (p) => p.done === 1 && ac.abort() });
  const t0 = Date.now();
  await assert.rejects(call, (e) => e instanceof EngineCallError && e.code === 'CANCELLED');
  assert.ok(Date.now() - t0 < 3000, 'cancelled without waiting for the slow instance');
  const images = await c.call('workspace.images', {});
  assert.deepEqual(images.map((i) => i.modality), ['CR']);
  const { readdirSync } = await import('node:fs');
  const dir = join(tmp, 'ws-cancel', 'sources', 'dicomweb', STUDY, SERIES);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.partial')), []);
  await c.call('workspace.close', {});
});
