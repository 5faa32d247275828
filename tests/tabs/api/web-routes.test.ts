/** The web app routes: pages with the SPA fallback, framing by Teams only, and a clear page when not built. */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerTabWeb } from '../../../tabs/api/web-routes.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-tabweb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function appFor(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await registerTabWeb(app, root);
  await app.ready();
  return app;
}

describe('registerTabWeb', () => {
  it('serves the app page for each tab route and the hashed assets', async () => {
    const root = path.join(dir, 'built');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    const app = await appFor(root);
    for (const page of ['agent', 'manager', 'config']) {
      const res = await app.inject(`/tab/${page}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain('frame-ancestors');
      expect(res.body).toContain('id="root"');
    }
    const asset = await app.inject('/tab/assets/index-abc.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const redirect = await app.inject('/tab');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/tab/agent');
    expect((await app.inject('/tab/assets/missing.js')).statusCode).toBe(404);
    await app.close();
  });

  it('answers a clear bilingual page when the app is not built', async () => {
    const app = await appFor(path.join(dir, 'nothing-here'));
    const res = await app.inject('/tab/agent');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    expect(res.body).toContain("n'est pas construit");
    expect(res.body).toContain('not built');
    await app.close();
  });
});
