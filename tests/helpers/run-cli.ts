import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../cli/main.js';
import { loadConfig } from '../../core/config/config.js';
import { openStorage, type Storage } from '../../core/storage/database.js';

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

/** A throw-away data folder seeded with the demo commune, to run CLI commands against. */
export interface CliSandbox {
  dir: string;
  env: Record<string, string>;
  /** Runs `equipage …` in-process against this data folder. */
  run(args: string[], stdin?: string): ReturnType<typeof runCliCaptured>;
  /** A path inside the sandbox, for files given to commands. */
  file(name: string): string;
  /** Opens the sandbox's database for `work` (while no command holds it), then closes it. */
  withDb<T>(work: (db: Storage['db']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Creates a sandbox under the system temp folder and seeds it (`equipage seed`). */
export async function seededCliSandbox(name: string): Promise<CliSandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `equipage-cli-${name}-`));
  const env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
  const sandbox: CliSandbox = {
    dir,
    env,
    run: (args, stdin) => runCliCaptured(args, env, stdin === undefined ? {} : { stdin }),
    file: (file) => path.join(dir, file),
    async withDb(work) {
      const config = loadConfig({ env, readEnvFiles: false });
      const storage = await openStorage(config.database, { purpose: 'test', dataDir: config.dataDir });
      try {
        return await work(storage.db);
      } finally {
        await storage.close();
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
  const seeded = await sandbox.run(['seed']);
  if (seeded.code !== 0) throw new Error(`equipage seed failed: ${seeded.err}`);
  return sandbox;
}
