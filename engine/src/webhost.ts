// `npm run serve` / dist/engine/webhost.mjs: the web host on 127.0.0.1.
import { parseArgs } from 'node:util';
import { THREADS_ENV, wantedWasmThreads } from './tf/wasmThreads';
import { startWebHost } from './webhost/server';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { port: { type: 'string', default: '0' }, backend: { type: 'string' }, threads: { type: 'string' } },
});
if (values.threads !== undefined) {
  wantedWasmThreads(values.threads); // throws a RangeError naming the bad value
  process.env[THREADS_ENV] = values.threads; // the engine child inherits it
}
const host = await startWebHost({ port: Number(values.port), backend: values.backend, log: (l) => console.error(l) });
console.log(`TagGAN Desk web host: open ${host.url}`);
console.log('(only this URL, with its token, reaches the engine; Ctrl+C stops the host)');
const stop = () => { host.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
