/** Spawns editWorker.ts as a real child process and collects its "ack N" lines. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ROOT } from '../../helpers/cli';

export interface Worker {
  child: ChildProcessWithoutNullStreams;
  acks: number[];
  stderr: () => string;
  /** Resolves when the predicate on the ack list holds (or rejects when the child exits first). */
  waitFor(pred: (acks: number[], ready: boolean) => boolean, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function startWorker(dir: string, imageId: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/engine/workspace/editWorker.ts', dir, String(imageId)], { cwd: ROOT });
  const acks: number[] = [];
  let ready = false;
  let err = '';
  let buf = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('ready')) ready = true;
      const m = /^ack (\d+)$/.exec(line);
      if (m) acks.push(Number(m[1]));
    }
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return {
    child,
    acks,
    stderr: () => err,
    exited,
    waitFor(pred, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker timed out; stderr: ${err}`)), timeoutMs);
        const check = (): void => {
          if (pred(acks, ready)) {
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`worker exited (${child.exitCode ?? child.signalCode}); stderr: ${err}`));
          } else waiters.push(check);
        };
        check();
        child.on('exit', () => setImmediate(check));
      });
    },
  };
}
