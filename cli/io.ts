/** Where a CLI command writes; tests pass their own streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Standard input (default `process.stdin`), for commands that read lines. */
  stdin?: NodeJS.ReadableStream;
  /** Environment for `loadConfig` (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Working directory (default `process.cwd()`). */
  cwd?: string;
}

/** Writes a line. */
export function println(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
