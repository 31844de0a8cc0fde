import type { BackendReport } from '../../protocol/backend';

/** What a CLI command can use: output streams, and the backend ladder (reported as the first line). */
export interface CliContext {
  out(line: string): void;
  err(line: string): void;
  /** True when stderr is a terminal (progress bars) rather than a pipe (JSON lines / nothing). */
  isTTY: boolean;
  /**
   * Initialises the TF.js backend (preferring `prefer`, else TAGGAN_BACKEND, else the ladder) and
   * prints `backend: NAME (why)` as the first line of output (to stderr when `quietStdout`).
   */
  useBackend(prefer?: string, opts?: { quietStdout?: boolean }): Promise<BackendReport>;
}

export interface CliCommand {
  /** The word after `taggan` (may contain a space for sub-commands, e.g. "workspace init"). */
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw EngineError for user-facing failures. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}
