/**
 * The suite as a newcomer runs it: the real server process (what `npm start` runs), on embedded
 * defaults in a fresh data folder. Checks health within 60 s, the landing page's links, the
 * Playground, the data-folder lock against a second opener, graceful stop, and durability of
 * acknowledged writes across `kill -9`.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE_NAME } from '../../core/storage/data-dir-lock.js';
import { assertBuilt, spawnCli, type Spawned } from '../helpers/child-process.js';
import { getFreePort, waitForHttp } from '../helpers/net.js';

const TIMEOUT = 240_000;

type Step = { id: string; ownerRole: string; status: string };
/** The caller's steps, flattened from the plan's phases. */
async function mySteps(base: string, upn: string): Promise<Step[]> {
  const res = await fetch(`${base}/api/tab/onboardings/mine`, { headers: { 'x-equipage-local-user': upn } });
  const body = (await res.json()) as { plan: { phases: Array<{ steps: Step[] }> } | null };
  if (!body.plan) throw new Error(`${upn} has no onboarding plan`);
  return body.plan.phases.flatMap((p) => p.steps);
}

/** Polls the landing page until it links to the Playground (it starts after the HTTP server). */
async function playgroundLinkOf(base: string, port: number, timeoutMs = 60_000): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const landing = await (await fetch(`${base}/`)).text();
    const link = [...landing.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((href) => href.includes(`:${port}`));
    if (link) return link;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the landing page never linked to the Playground');
}

describe('the real server process', () => {
  let workDir: string;
  let dataDir: string;
  let port: number;
  let playgroundPort: number;
  let base: string;
  const running: Spawned[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PLAYGROUND_PORT: String(playgroundPort),
    LOG_LEVEL: 'info',
    ...extra,
  });
  const start = (extra: Record<string, string> = {}) => {
    const s = spawnCli(['start'], env(extra), workDir);
    running.push(s);
    return s;
  };

  beforeAll(async () => {
    assertBuilt();
    workDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-e2e-'));
    dataDir = path.join(workDir, 'data');
    port = await getFreePort();
    playgroundPort = await getFreePort();
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    for (const s of running) if (s.alive()) s.child.kill('SIGKILL');
    await rm(workDir, { recursive: true, force: true });
  });

  it('starts on embedded defaults, serves every linked part, refuses a second opener and stops gracefully', async () => {
    const server = start();
    const elapsed = await waitForHttp(`${base}/healthz`, { timeoutMs: 60_000, isAlive: server.alive }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- server output ---\n${server.output()}`);
    });
    expect(elapsed).toBeLessThan(60_000);

    const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', storage: 'pglite', blobStore: 'local', localMode: true });
    expect(health.migrations).toEqual(expect.arrayContaining(['0001-initial']));
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const landing = await (await fetch(`${base}/`)).text();
    expect(landing).toContain('Mode local');
    const links = [...landing.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    const internal = links.filter((href) => href.startsWith('/'));
    expect(internal).toEqual(expect.arrayContaining(['/tab/agent', '/tab/manager', '/connectors/fieldops/apiDefinition.swagger.json', '/connectors/fieldops/explorer/']));
    for (const href of internal) {
      const res = await fetch(`${base}${href}`);
      expect({ href, status: res.status }).toEqual({ href, status: 200 });
    }
    const playgroundLink = await playgroundLinkOf(base, playgroundPort);
    expect((await fetch(playgroundLink)).status).toBe(200);

    // The demo commune was seeded on first start.
    const me = await fetch(`${base}/api/tab/me`, { headers: { 'x-equipage-local-user': 'lucas.fontaine@beaulieu-sur-aune.fr' } });
    expect(me.status).toBe(200);

    // A second server on the same folder is refused, naming the folder and the holder.
    const second = spawnCli(['start'], env({ PORT: String(await getFreePort()), PLAYGROUND: 'off' }), workDir);
    running.push(second);
    const secondExit = await second.exited;
    expect(secondExit.code).not.toBe(0);
    expect(second.output()).toContain('EQP_ERR_DATA_DIR_LOCKED');
    expect(second.output()).toContain(dataDir);
    expect(second.output()).toContain(`pid ${server.child.pid}`);

    // So is a CLI command that needs the database.
    const seed = spawnCli(['seed', '--reset'], env(), workDir);
    const seedExit = await seed.exited;
    expect(seedExit.code).toBe(1);
    expect(seed.output()).toContain('EQP_ERR_DATA_DIR_LOCKED');

    // Graceful stop with a request in flight: its body is still arriving when SIGTERM lands;
    // it must complete with a response before the process exits 0.
    const step = (await mySteps(base, 'ines.boucher@beaulieu-sur-aune.fr')).find((s) => s.ownerRole === 'agent' && s.status === 'todo')!;
    const body = JSON.stringify({ note: 'x'.repeat(200) });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /api/tab/steps/${step.id}/complete HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `x-equipage-local-user: ines.boucher@beaulieu-sur-aune.fr\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n` +
        body.slice(0, 50),
    );
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 700));
    expect(server.alive()).toBe(true); // still waiting for the in-flight request
    socket.end(body.slice(50));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    await expect(fetch(playgroundLink, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();

    // Now that the server is gone, the CLI may open the folder.
    const reseed = spawnCli(['seed', '--reset'], env(), workDir);
    expect((await reseed.exited).code).toBe(0);
    expect(reseed.output()).toMatch(/personnes/);
  }, TIMEOUT);

  it('keeps every acknowledged write across kill -9', async () => {
    const server = start({ PLAYGROUND: 'off' });
    await waitForHttp(`${base}/readyz`, { isAlive: server.alive });
    // Nadia starts in a few days: her own steps and her manager's are still to do.
    const agent = 'nadia.rousseau@beaulieu-sur-aune.fr';
    const manager = 'patrick.durand@beaulieu-sur-aune.fr';
    const steps = await mySteps(base, agent);
    const todo = steps.filter((s) => (s.ownerRole === 'agent' || s.ownerRole === 'manager') && s.status === 'todo');
    expect(todo.length).toBeGreaterThanOrEqual(6);
    const acknowledged: string[] = [];
    await Promise.all(
      todo.map(async (step) => {
        const who = step.ownerRole === 'agent' ? agent : manager;
        const res = await fetch(`${base}/api/tab/steps/${step.id}/complete`, { method: 'POST', headers: { 'x-equipage-local-user': who } });
        if (res.status === 200) acknowledged.push(step.id);
      }),
    );
    expect(acknowledged).toHaveLength(todo.length);
    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true); // left behind by the killed process

    const restarted = start({ PLAYGROUND: 'off' });
    await waitForHttp(`${base}/readyz`, { isAlive: restarted.alive }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- server output ---\n${restarted.output()}`);
    });
    const after = await mySteps(base, agent);
    for (const id of acknowledged) expect(after.find((s) => s.id === id)?.status).toBe('done');
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  }, TIMEOUT);
});
