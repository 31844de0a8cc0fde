/**
 * A real Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) for the DICOMweb tests and the import benchmark:
 * started on a free loopback port with its storage in a temporary folder, optionally with HTTP basic users,
 * stopped and removed by close(). Not part of the app; it lives here so tests and `npm run bench` share it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BIN = process.env.ORTHANC_BIN ?? '/usr/sbin/Orthanc';

/** The DICOMweb plugin: ORTHANC_DICOMWEB_PLUGIN, Debian's usual paths, else what dpkg says it installed. */
export function dicomwebPlugin(): string | undefined {
  const candidates = [process.env.ORTHANC_DICOMWEB_PLUGIN, '/usr/share/orthanc/plugins/libOrthancDicomWeb.so'];
  const listed = spawnSync('dpkg', ['-L', 'orthanc-dicomweb'], { encoding: 'utf8' });
  if (listed.status === 0) candidates.push(...listed.stdout.split('\n').filter((l) => /libOrthancDicomWeb\.so/.test(l)));
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/** Why Orthanc cannot run here (a test skips with it), or undefined. */
export function orthancMissing(): string | undefined {
  if (!existsSync(ORTHANC_BIN)) return `no Orthanc at ${ORTHANC_BIN} (apt-get install orthanc orthanc-dicomweb)`;
  if (!dicomwebPlugin()) return 'no Orthanc DICOMweb plugin (apt-get install orthanc-dicomweb)';
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface OrthancServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The DICOMweb root: http://127.0.0.1:PORT/dicom-web */
  dicomweb: string;
  /** Orthanc's own REST API (as the first registered user): for loading and reading back, independent of our client. */
  rest(path: string, init?: { method?: string; body?: Buffer | string; accept?: string }): Promise<Response>;
  /** Stores a DICOM file through Orthanc's REST API; returns Orthanc's instance id. */
  upload(file: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

export async function startOrthanc(opts: { users?: Record<string, string> } = {}): Promise<OrthancServer> {
  const why = orthancMissing();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), 'taggan-orthanc-'));
  const port = await freePort();
  const users = opts.users ?? {};
  const config = {
    Name: 'taggan-test', HttpPort: port, DicomServerEnabled: false, DicomPort: 0,
    StorageDirectory: join(dir, 'db'), IndexDirectory: join(dir, 'db'), TemporaryDirectory: join(dir, 'tmp'),
    RemoteAccessAllowed: false, AuthenticationEnabled: Object.keys(users).length > 0, RegisteredUsers: users,
    Plugins: [dicomwebPlugin()], DicomWeb: { Enable: true, Root: '/dicom-web/' },
    HttpsVerifyPeers: false, SaveJobs: false, ConcurrentJobs: 1, HttpThreadsCount: 8,
  };
  writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config));
  const log = join(dir, 'orthanc.log');
  const child: ChildProcess = spawn(ORTHANC_BIN, [`--logfile=${log}`, join(dir, 'orthanc.json')], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const origin = `http://127.0.0.1:${port}`;
  const [user, password] = Object.entries(users)[0] ?? [];
  const auth: Record<string, string> = user ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {};
  const rest: OrthancServer['rest'] = (path, init = {}) =>
    fetch(`${origin}${path}`, { method: init.method ?? 'GET', body: init.body, headers: { ...auth, ...(init.accept ? { accept: init.accept } : {}) } });
  const close = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const t0 = Date.now();
      while (!exited && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const t0 = Date.now();
  for (;;) {
    if (exited) {
      const text = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Orthanc exited while starting:\n${text}`);
    }
    try {
      const r = await rest('/system');
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > 30_000) {
      await close();
      throw new Error('Orthanc did not answer /system within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin, dicomweb: `${origin}/dicom-web`, rest, close,
    async upload(file) {
      const body = typeof file === 'string' ? readFileSync(file) : file;
      const r = await rest('/instances', { method: 'POST', body });
      if (!r.ok) throw new Error(`Orthanc refused the upload: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { ID: string }).ID;
    },
  };
}
