/**
 * The webhook trigger through the real `startServer` (its dispatcher runs on its background loop,
 * started and stopped with the server), across a restart: a notification that the receiver
 * refused while the first server ran stays pending through the shutdown, and the next start on
 * the same data folder (PGlite) or the same PostgreSQL database delivers it, with the same
 * delivery id.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../../core/config/config.js';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { startServer } from '../../../server/start.js';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../helpers/postgres.js';
import { eventuallyValue } from '../../helpers/eventually.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr', 'content-type': 'application/json' };

for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`webhook notifications across a restart on ${backend.name}`, () => {
    let dataDir: string;
    let pgdb: TestDatabase | undefined;
    let receiver: http.Server;
    let receiverUrl: string;
    let answer = 503;
    const received: Array<{ delivery: string; status: number; body: string }> = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-webhooks-'));
      if (backend.database === 'postgres') pgdb = await createTestDatabase();
      receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ delivery: String(req.headers['x-equipage-delivery']), status: answer, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(answer).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/flow`;
    });
    afterAll(async () => {
      await new Promise<void>((r) => receiver.close(() => r()));
      await pgdb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('delivers after a restart a notification refused before it, with the same delivery id', async () => {
      const config = loadConfig({
        env: {
          DATA_DIR: dataDir,
          PORT: '0',
          LOG_LEVEL: 'silent',
          PLAYGROUND: 'off',
          ONBOARDING_REMINDERS: 'off',
          DOCUMENT_RETENTION_SCHEDULE: 'off',
          FIELDOPS_WEBHOOK_ALLOW_LOCAL: 'on',
          ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
        },
        readEnvFiles: false,
      });

      const first = await startServer(config, { logger: pino({ level: 'silent' }) });
      let location: URL;
      let reportId: string;
      try {
        const sub = await fetch(`${first.url}${BASE}/subscriptions`, { method: 'POST', headers: KEVIN, body: JSON.stringify({ callbackUrl: receiverUrl, event: 'created' }) });
        expect(sub.status).toBe(201);
        location = new URL(sub.headers.get('location')!);
        expect(location.pathname).toBe(`${BASE}/subscriptions/${((await sub.json()) as { id: string }).id}`);
        const res = await fetch(`${first.url}${BASE}/reports`, {
          method: 'POST',
          headers: KEVIN,
          body: JSON.stringify({
            category: 'depot-sauvage',
            description: 'Gravats abandonnés derrière le gymnase',
            location: { latitude: DEMO_TOWN_CENTRE.latitude, longitude: DEMO_TOWN_CENTRE.longitude + 0.002, accuracy: 5 },
            fields: { volume: '1 à 5 m³' },
          }),
        });
        expect(res.status).toBe(201);
        reportId = ((await res.json()) as { id: string }).id;
        // The background dispatcher posts, the receiver refuses (503), the delivery stays pending.
        await eventuallyValue(async () => {
          const r = await first.ctx.storage.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirst();
          return r && r.attempts >= 1 && r.state === 'pending' ? r : undefined;
        }, 'a refused attempt');
      } finally {
        await first.stop();
      }
      const refused = received.length;
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(received.every((r) => r.status === 503)).toBe(true);

      answer = 200;
      const second = await startServer(config, { logger: pino({ level: 'silent' }) });
      try {
        const delivered = await eventuallyValue(async () => {
          const r = await second.ctx.storage.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirst();
          return r?.state === 'delivered' ? r : undefined;
        }, 'the delivery');
        expect(delivered.attempts).toBe(refused + 1);
        expect(await second.ctx.storage.db.selectFrom('webhook_deliveries').select('id').execute()).toHaveLength(1);
        expect(new Set(received.map((r) => r.delivery))).toEqual(new Set([delivered.id]));
        expect(received.filter((r) => r.status === 200)).toHaveLength(1);
        expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ event: 'created', report: { id: reportId } });

        // The Location still deletes the subscription on the restarted server.
        const del = await fetch(`${second.url}${location.pathname}`, { method: 'DELETE', headers: { 'x-equipage-local-user': KEVIN['x-equipage-local-user'] } });
        expect(del.status).toBe(204);
      } finally {
        await second.stop();
      }
    }, 120_000);
  });
}
