/**
 * Runs the Microsoft 365 Agents Playground (npm `@microsoft/m365agentsplayground`) next to the
 * server in local mode, so a newcomer chats with the bot in the browser at once. The Playground
 * reads `.m365agentsplayground.yml` from its working directory (the demo commune's people) and
 * writes its log to `devTools/m365agentsplayground.log` there; when it dies at start (typically an
 * invalid config file) the reason is only in that log, so it is read back and surfaced.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';
import { EquipageError } from '../core/errors.js';

/** A running Playground. */
export interface RunningPlayground {
  /** Where to open it in a browser (the port may differ from the one asked: it falls back when taken). */
  url: string;
  /** Stops the Playground and its child processes; idempotent. */
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** Port to ask for (0: any free port). */
  port: number;
  /** The bot endpoint the Playground posts activities to, e.g. `http://localhost:3978/api/messages`. */
  botEndpoint: string;
  /** Folder holding `.m365agentsplayground.yml`; `devTools/` is written there. */
  cwd: string;
  logger: Pick<Logger, 'info' | 'warn' | 'debug' | 'error'>;
  /** How long to wait for the Playground to answer (default 30 s). */
  timeoutMs?: number;
}

/** The Playground's config file, read from its working directory. */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';
/** The Playground's log, relative to its working directory. */
export const PLAYGROUND_LOG_FILE = path.join('devTools', 'm365agentsplayground.log');

const STOP_GRACE_MS = 5000;
const MAX_REASON_LENGTH = 2000;

/** Absolute path of the Playground's CLI script (its `agentsplayground` bin). */
export function playgroundCliPath(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@microsoft/m365agentsplayground/package.json');
  const manifest = require(manifestPath) as { bin?: Record<string, string> };
  const bin = manifest.bin?.agentsplayground ?? manifest.bin?.teamsapptester;
  if (!bin) throw new EquipageError('EQP_ERR_PLAYGROUND_FAILED', { reason: 'no agentsplayground bin in @microsoft/m365agentsplayground' });
  return path.join(path.dirname(manifestPath), bin);
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * The reason the Playground gives for failing, from the part of its log written by this run:
 * its `Reason:` line, else its `error` lines.
 */
export function reasonFromLog(log: string): string | undefined {
  const lines = log.replace(ANSI, '').split(/\r?\n/);
  const reasonLine = lines.find((l) => /^\s*(error\s+)?Reason:\s*/i.test(l));
  if (reasonLine) return reasonLine.replace(/^\s*(error\s+)?Reason:\s*/i, '').trim().slice(0, MAX_REASON_LENGTH);
  const errors = lines.filter((l) => /^\s*error\s/i.test(l)).map((l) => l.replace(/^\s*error\s+/i, '').trim());
  return errors.length > 0 ? errors.join(' ').slice(0, MAX_REASON_LENGTH) : undefined;
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Reads `file` from `offset` (from the start if the file was truncated since). */
async function readFrom(file: string, offset: number): Promise<string> {
  try {
    const size = await fileSize(file);
    const start = size < offset ? 0 : offset;
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills the whole process group of a detached child (the Playground and anything it spawned). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts the Playground and waits until it answers. Throws `EQP_ERR_PLAYGROUND_FAILED` with the
 * reason from its log when it exits early, or when it does not answer in time.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { logger, cwd } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const logFile = path.join(cwd, PLAYGROUND_LOG_FILE);
  const configFile = path.join(cwd, PLAYGROUND_CONFIG_FILE);
  if (!existsSync(configFile)) {
    logger.warn({ configFile }, 'no Playground config file: the Playground will use its own fictitious users, unknown to the directory');
  }
  const logOffset = await fileSize(logFile);

  const args = [playgroundCliPath(), 'start', '--port', String(options.port), '--app-endpoint', options.botEndpoint, '--channel-id', 'msteams', '--disable-telemetry'];
  const child = spawn(process.execPath, args, {
    cwd,
    // The child inherits the environment (PATH, HOME…) plus what keeps it headless and its log where we read it.
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      TEAMSAPPTESTER_LOGFILE: logFile,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stop() reaches its children too.
    detached: true,
  });

  let output = '';
  let port: number | undefined;
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8000);
    port ??= Number(/Listening on (\d+)/.exec(output)?.[1]) || undefined;
    for (const line of text.split(/\r?\n/)) if (line.trim()) logger.debug({ playground: line.replace(ANSI, '') }, 'playground output');
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);

  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let stopping = false;
  let ready = false;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (!stopping && ready) logger.warn({ code, signal }, 'the Agents Playground stopped');
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
  });

  const stop = async () => {
    if (stopping) return exited;
    stopping = true;
    if (exit === undefined && !spawnError) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  const fail = async (fallback: string): Promise<never> => {
    const fromLog = reasonFromLog(await readFrom(logFile, logOffset));
    const fromOutput = reasonFromLog(output);
    const reason = fromLog ?? fromOutput ?? fallback;
    await stop();
    logger.error({ reason, logFile }, 'the Agents Playground failed to start');
    throw new EquipageError('EQP_ERR_PLAYGROUND_FAILED', { reason });
  };

  const started = Date.now();
  while (!ready) {
    if (spawnError) return fail(spawnError.message);
    if (exit) {
      // Let the last log lines land before reading them.
      await delay(50);
      return fail(`exited with ${exit.signal ?? `code ${exit.code}`} (see ${logFile})`);
    }
    if (Date.now() - started > timeoutMs) return fail(`did not answer within ${Math.round(timeoutMs / 1000)} s (see ${logFile})`);
    if (port !== undefined) {
      try {
        // Its backend routes exist only once the config file was accepted.
        const res = await fetch(`http://127.0.0.1:${port}/_debug/ping`, { signal: AbortSignal.timeout(2000) });
        if (res.ok && exit === undefined) ready = true;
      } catch {
        // Not yet.
      }
    }
    if (!ready) await delay(150);
  }

  const url = `http://localhost:${port}`;
  if (options.port !== 0 && port !== options.port) {
    logger.warn({ asked: options.port, got: port }, 'port of the Agents Playground was taken: it chose another one');
  }
  logger.info({ url, botEndpoint: options.botEndpoint }, 'Agents Playground started');
  return { url, stop };
}
