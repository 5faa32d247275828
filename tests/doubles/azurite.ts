/**
 * A real Azurite blob service for tests: `azurite-blob` from node_modules, on a free loopback port
 * (`--blobPort 0`, the port is read from its start-up line), with a temp workspace. Start it in
 * `beforeAll`, stop it in `afterAll`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite. */
export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  readonly blobEndpoint: string;
  /** Connection string for the dev account on this instance. */
  readonly connectionString: string;
  /** Kills Azurite, waits for it to exit, removes its workspace. Idempotent. */
  stop(): Promise<void>;
}

const AZURITE_BIN = fileURLToPath(new URL('../../node_modules/.bin/azurite-blob', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/** Starts Azurite's blob service and resolves once it answers HTTP requests. */
export async function startAzurite(): Promise<Azurite> {
  const location = await mkdtemp(path.join(os.tmpdir(), 'equipage-azurite-'));
  // Run the bin script with this very Node: its `#!/usr/bin/env node` shebang would need `node` on
  // the PATH. Node follows the .bin symlink, so the script's relative requires resolve.
  const child = spawn(
    process.execPath,
    [AZURITE_BIN, '--blobHost', '127.0.0.1', '--blobPort', '0', '--location', location, '--skipApiVersionCheck', '--disableTelemetry', '--loose', '--silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
  let output = '';
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await terminate(child, exited);
    await rm(location, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      const onData = (data: Buffer) => {
        output += data.toString();
        const match = /listens on https?:\/\/[^\s:]+:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      void exited.then(([code, signal]) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited (code ${code}, signal ${signal}) before listening:\n${output}`));
      });
    });
    const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
    await waitUntilAnswering(blobEndpoint);
    return {
      blobEndpoint,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls the endpoint until Azurite answers any HTTP response. */
async function waitUntilAnswering(endpoint: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await new Promise<void>((resolve, reject) => {
        const request = http.get(`${endpoint}?comp=list`, (response) => {
          response.resume();
          response.on('end', resolve);
        });
        request.on('error', reject);
        request.setTimeout(2000, () => request.destroy(new Error('timeout')));
      });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Azurite does not answer on ${endpoint}: ${String(lastError)}`);
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process has exited. */
async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
