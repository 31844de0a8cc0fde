// Entry point bundled to dist/engine/cli.mjs and run by bin/taggan.mjs.
import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`taggan: ${err instanceof Error ? err.stack : String(err)}\n`); process.exitCode = 1; },
);
