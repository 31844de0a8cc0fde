// Entry point bundled to dist/engine/cli.mjs and run by bin/taggan.mjs.
import { main } from './cli/main';

// `taggan ... | head -1`: once the reader has gone, stop quietly (exit 0, no EPIPE stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`taggan: ${err instanceof Error ? err.stack : String(err)}\n`); process.exitCode = 1; },
);
