import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/util/project-root.js';

/** The compiled CLI; end-to-end tests run what `npm start` runs. */
export const CLI_ENTRY = path.join(PROJECT_ROOT, 'dist/cli/main.js');

/** Fails loudly when the build is missing, rather than skipping. */
export function assertBuilt(): void {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
}

/** A child process with its captured output. */
export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

/** Runs the CLI as a separate Node process with a clean environment plus `env`. */
export function spawnCli(args: string[], env: Record<string, string>, cwd: string): Spawned {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  return { child, output: () => out, exited, alive: () => running };
}
