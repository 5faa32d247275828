import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../cli/main.js';

/** Runs the `equipage` CLI in-process with captured output. `cwd` defaults to DATA_DIR (so no env/ files are read). */
export async function runCliCaptured(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string; cwd?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, {
    stdout,
    stderr,
    env,
    cwd: options.cwd ?? env.DATA_DIR!,
    ...(options.stdin !== undefined ? { stdin: Readable.from([options.stdin]) } : {}),
  });
  return { code, out, err };
}
