/**
 * `taggan`: the command-line face of the engine. Same code as the app's engine process, headless.
 */
import { EngineError, toErrorPayload } from '../errors';
import { describeBackend, initBackend } from '../tf/backends';
import { THREADS_ENV, wantedWasmThreads } from '../tf/wasmThreads';
import { ENGINE_VERSION } from '../version';
import type { CliCommand, CliContext } from './command';
import { COMMANDS } from './commands/index';

function helpText(): string {
  const lines = [`taggan ${ENGINE_VERSION}: TagGAN Desk engine on the command line`, '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(18)} ${c.summary}`);
  lines.push('', 'Options for every command that computes: --backend tensorflow|webgpu|wasm|cpu|auto (or TAGGAN_BACKEND),');
  lines.push(`  --threads N|auto: wasm threads (or ${THREADS_ENV}; default one per CPU, at most 8).`);
  lines.push('Run `taggan COMMAND --help` for its usage.');
  return lines.join('\n');
}

/** Finds the command whose (possibly two-word) name matches the start of argv. */
function findCommand(argv: string[]): { cmd: CliCommand; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const cmd = COMMANDS.find((c) => c.name === name);
    if (cmd) return { cmd, rest: argv.slice(words) };
  }
  return undefined;
}

/** Takes the global `--threads N` / `--threads=N` out of argv into TAGGAN_THREADS (checked); null if bad. */
function takeThreads(argv: string[], err: (l: string) => void): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a !== '--threads' && !a.startsWith('--threads=')) {
      out.push(a);
      continue;
    }
    const v = a === '--threads' ? argv[++i] : a.slice('--threads='.length);
    try {
      wantedWasmThreads(v ?? '');
    } catch (e) {
      err(`taggan: --threads: ${(e as Error).message}`);
      return null;
    }
    process.env[THREADS_ENV] = v;
  }
  return out;
}

export async function main(rawArgv: string[]): Promise<number> {
  const ctx: CliContext = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    isTTY: Boolean(process.stderr.isTTY),
    async useBackend(prefer, opts) {
      const report = await initBackend(prefer);
      (opts?.quietStdout ? ctx.err : ctx.out)(describeBackend(report));
      return report;
    },
  };
  const argv = takeThreads(rawArgv, ctx.err);
  if (!argv) return 2;
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    ctx.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    ctx.out(ENGINE_VERSION);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    ctx.err(`taggan: unknown command "${argv[0]}"\n\n${helpText()}`);
    return 2;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    ctx.out(`usage: ${found.cmd.usage}`);
    return 0;
  }
  try {
    return await found.cmd.run(found.rest, ctx);
  } catch (err) {
    if (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      ctx.err(`taggan ${found.cmd.name}: ${err.message}\nusage: ${found.cmd.usage}`);
      return 2;
    }
    const p = toErrorPayload(err);
    ctx.err(`taggan ${found.cmd.name}: error ${p.code}: ${p.message}`);
    return err instanceof EngineError && p.code === 'BAD_REQUEST' ? 2 : 1;
  }
}
