/**
 * Durability of Open311 forwarding across a restart, through the real `startServer` (the
 * forwarder runs on its background loop, started and stopped with the server): a report made
 * while Open311 is down stays pending through a shutdown, and the next start on the same data
 * folder (PGlite) or the same PostgreSQL database delivers it, exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../../core/config/config.js';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { openStorage } from '../../../core/storage/database.js';
import { startServer } from '../../../server/start.js';
import { startOpen311Server, type Open311Server } from '../../doubles/open311-server.js';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../helpers/postgres.js';
import { eventuallyValue } from '../../helpers/eventually.js';

const KEVIN = { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr', 'content-type': 'application/json' };

async function forwardingRow(config: Config, reportId: string) {
  const storage = await openStorage(config.database, { purpose: 'test', dataDir: config.dataDir });
  try {
    return await storage.db.selectFrom('field_report_open311').selectAll().where('report_id', '=', reportId).executeTakeFirst();
  } finally {
    await storage.close();
  }
}

for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`Open311 forwarding across a restart on ${backend.name}`, () => {
    let dataDir: string;
    let pgdb: TestDatabase | undefined;
    let double: Open311Server;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-open311-'));
      if (backend.database === 'postgres') pgdb = await createTestDatabase();
      double = await startOpen311Server();
    });
    afterAll(async () => {
      await double?.down();
      await pgdb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('delivers after a restart a report made while Open311 was down, once', async () => {
      const config = loadConfig({
        env: {
          DATA_DIR: dataDir,
          PORT: '0',
          LOG_LEVEL: 'silent',
          PLAYGROUND: 'off',
          ONBOARDING_REMINDERS: 'off',
          DOCUMENT_RETENTION_SCHEDULE: 'off',
          OPEN311_ENDPOINT: double.url,
          OPEN311_API_KEY: double.apiKey,
          OPEN311_POLL_INTERVAL_SECONDS: '1',
          ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
        },
        readEnvFiles: false,
      });
      await double.down();

      const first = await startServer(config, { logger: pino({ level: 'silent' }) });
      let reportId: string;
      try {
        const res = await fetch(`${first.url}/api/connectors/fieldops/v1/reports`, {
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
        // The background forwarder tries, finds the server down, and keeps the row pending.
        const attempted = await eventuallyValue(async () => {
          const r = await first.ctx.storage.db.selectFrom('field_report_open311').selectAll().where('report_id', '=', reportId).executeTakeFirst();
          return r && r.attempts >= 1 && r.state === 'pending' ? r : undefined;
        }, 'a failed attempt');
        expect(attempted.last_error).toMatch(/ECONNREFUSED/);
      } finally {
        await first.stop();
      }
      expect(await forwardingRow(config, reportId)).toMatchObject({ state: 'pending' });
      expect(double.posts()).toHaveLength(0);

      await double.up();
      const second = await startServer(config, { logger: pino({ level: 'silent' }) });
      try {
        const delivered = await eventuallyValue(async () => {
          const r = await second.ctx.storage.db.selectFrom('field_report_open311').selectAll().where('report_id', '=', reportId).executeTakeFirst();
          return r?.state === 'forwarded' ? r : undefined;
        }, 'the delivery');
        expect(delivered.service_request_id).toBe([...double.requests.keys()][0]);
        // The status poll-back runs on the same loop: a first `open` acknowledges the report.
        await eventuallyValue(async () => {
          const r = await second.ctx.storage.db.selectFrom('field_reports').select('status').where('id', '=', reportId).executeTakeFirst();
          return r?.status === 'acknowledged' ? r : undefined;
        }, 'the status poll-back');
      } finally {
        await second.stop();
      }
      expect(double.posts()).toHaveLength(1);
      expect(double.posts()[0]!.form).toMatchObject({ service_code: 'proprete', api_key: double.apiKey });
      expect(double.violations).toEqual([]);
    }, 120_000);
  });
}
