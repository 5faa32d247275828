/**
 * CreateFieldReport under a crash: the real server process (what `npm start` runs) takes 1,000
 * concurrent reports, each with its own Idempotency-Key, and is killed with `kill -9` while they
 * are in flight. Clients behave like Power Apps offline forms: a request that gets no answer is sent
 * again, same key and same body, once the server is back (restarted on the same data folder, the
 * dead process's lock taken over). In the end every logical report exists exactly once, every 201
 * (before or after the crash) names a report that exists, and replays answer the original report.
 * PGlite always (where kill -9 matters most); PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../../core/config/config.js';
import { DEMO_TOWN_CENTRE } from '../../core/seed/demo-assets.js';
import { LOCK_FILE_NAME } from '../../core/storage/data-dir-lock.js';
import { openStorage } from '../../core/storage/database.js';
import { assertBuilt, spawnCli, type Spawned } from '../helpers/child-process.js';
import { getFreePort, waitForHttp } from '../helpers/net.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../helpers/postgres.js';

const TIMEOUT = 180_000;
const REPORTS = 1_000;
const IN_FLIGHT = 64;
const KILL_AFTER_ACKS = 300;
const REPORTERS = ['kevin.martin@beaulieu-sur-aune.fr', 'mehdi.haddad@beaulieu-sur-aune.fr', 'lucas.fontaine@beaulieu-sur-aune.fr'];
const PATH = '/api/connectors/fieldops/v1/reports';

/** One logical report: what a field form would queue while offline. */
interface LogicalReport {
  index: number;
  key: string;
  marker: string;
  reporter: string;
  body: string;
  attempts: number;
  /** Report ids answered with 201, in order (the first one and any replays). */
  ids: string[];
  createdAt?: string;
}

function logicalReports(runId: string): LogicalReport[] {
  return Array.from({ length: REPORTS }, (_, index) => {
    const marker = `durabilite-${runId}-${String(index).padStart(4, '0')}`;
    return {
      index,
      key: `offline-${runId}-${index}`,
      marker,
      reporter: REPORTERS[index % REPORTERS.length]!,
      body: JSON.stringify({
        category: 'tag-graffiti',
        description: `Tag sur le mur de l'école, repère ${marker}`,
        location: { latitude: DEMO_TOWN_CENTRE.latitude + (index % 50) * 0.0001, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 5 },
        fields: { surface: (index % 20) + 1 },
      }),
      attempts: 0,
      ids: [],
    };
  });
}

const backends = [
  { name: 'PGlite', postgres: false, enabled: true },
  { name: 'PostgreSQL', postgres: true, enabled: Boolean(TEST_DATABASE_URL) },
];

for (const backend of backends) {
  (backend.enabled ? describe : describe.skip)(`CreateFieldReport across kill -9 on ${backend.name}`, () => {
    let workDir: string;
    let dataDir: string;
    let port: number;
    let base: string;
    let database: TestDatabase | undefined;
    const running: Spawned[] = [];

    const env = (): Record<string, string> => ({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PLAYGROUND: 'off',
      LOG_LEVEL: 'warn',
      // 1,000 reports from three callers in seconds: far beyond a real connection's 500 a minute.
      FIELDOPS_RATE_LIMIT_PER_MINUTE: '1000000',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const start = async (): Promise<Spawned> => {
      const server = spawnCli(['start'], env(), workDir);
      running.push(server);
      await waitForHttp(`${base}/readyz`, { timeoutMs: 60_000, isAlive: server.alive }).catch((error: Error) => {
        throw new Error(`${error.message}\n--- server output ---\n${server.output()}`);
      });
      return server;
    };

    beforeAll(async () => {
      assertBuilt();
      workDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-durability-'));
      dataDir = path.join(workDir, 'data');
      port = await getFreePort();
      base = `http://127.0.0.1:${port}`;
      if (backend.postgres) database = await createTestDatabase();
    });

    afterAll(async () => {
      for (const s of running) if (s.alive()) s.child.kill('SIGKILL');
      await Promise.all(running.map((s) => s.exited));
      await database?.drop();
      await rm(workDir, { recursive: true, force: true });
    });

    it(
      'creates every report exactly once when the server is killed mid-flight and clients retry',
      async () => {
        let server = await start();
        const runId = randomBytes(4).toString('hex');
        const reports = logicalReports(runId);

        let acknowledgedBeforeKill = 0;
        let inFlight = 0;
        let inFlightAtKill = -1;
        let killedAt = 0;
        let restarted: Promise<Spawned> | undefined;
        let failedAttempts = 0;
        const unexpected: string[] = [];

        const crash = (): void => {
          inFlightAtKill = inFlight - 1; // the request that just got its answer is no longer in flight
          killedAt = Date.now();
          server.child.kill('SIGKILL');
          restarted = (async () => {
            await server.exited;
            // Left behind by the killed process; the next server takes it over.
            if (!backend.postgres) expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
            server = await start();
            return server;
          })();
        };

        /** Sends one report until it gets its 201: no answer means "send it again later". */
        const deliver = async (report: LogicalReport): Promise<void> => {
          for (;;) {
            report.attempts += 1;
            if (report.attempts > 200) throw new Error(`${report.key}: still unanswered after 200 attempts`);
            inFlight += 1;
            let status: number;
            let body: { id?: string; createdAt?: string; description?: string; error?: { code: string } };
            try {
              const res = await fetch(`${base}${PATH}`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-equipage-local-user': report.reporter, 'idempotency-key': report.key },
                body: report.body,
              });
              status = res.status;
              body = (await res.json()) as typeof body;
            } catch {
              // Connection reset or refused: the server is down. Retry the same key and body.
              inFlight -= 1;
              failedAttempts += 1;
              await new Promise((r) => setTimeout(r, 100 + Math.random() * 150));
              continue;
            }
            inFlight -= 1;
            if (status === 201) {
              report.ids.push(body.id!);
              report.createdAt ??= body.createdAt;
              if (!body.description?.includes(report.marker)) unexpected.push(`${report.key}: answered with another report's body`);
              if (killedAt === 0) {
                acknowledgedBeforeKill += 1;
                if (acknowledgedBeforeKill === KILL_AFTER_ACKS) crash();
              }
              return;
            }
            if (status >= 500) {
              failedAttempts += 1;
              await new Promise((r) => setTimeout(r, 100));
              continue;
            }
            unexpected.push(`${report.key}: HTTP ${status} ${body.error?.code ?? ''}`);
            return;
          }
        };

        let next = 0;
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < reports.length) await deliver(reports[next++]!);
          }),
        );
        expect(unexpected).toEqual([]);
        expect(restarted).toBeDefined();
        server = await restarted!;

        // Every logical report was acknowledged, by the first or a later attempt.
        expect(reports.every((r) => r.ids.length === 1)).toBe(true);
        const retried = reports.filter((r) => r.attempts > 1);
        // Retried reports whose first attempt had committed before the kill were answered from the stored response.
        const replayedAfterCrash = retried.filter((r) => r.createdAt && Date.parse(r.createdAt) < killedAt).length;

        // A replay of every report (same key, same body) answers the original report, and creates nothing.
        let cursor = 0;
        const replayMismatches: string[] = [];
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (cursor < reports.length) {
              const report = reports[cursor++]!;
              const res = await fetch(`${base}${PATH}`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-equipage-local-user': report.reporter, 'idempotency-key': report.key },
                body: report.body,
              });
              const body = (await res.json()) as { id?: string };
              if (res.status !== 201 || body.id !== report.ids[0]) replayMismatches.push(`${report.key}: ${res.status} ${body.id} ≠ ${report.ids[0]}`);
            }
          }),
        );
        expect(replayMismatches).toEqual([]);

        // Through the API: ListFieldReports, all pages.
        const listed = new Map<string, number>();
        let skipToken: string | undefined;
        do {
          const res = await fetch(`${base}${PATH}?top=100${skipToken ? `&skipToken=${encodeURIComponent(skipToken)}` : ''}`, {
            headers: { 'x-equipage-local-user': REPORTERS[0]! },
          });
          expect(res.status).toBe(200);
          const page = (await res.json()) as { value: Array<{ id: string; description: string }>; nextLink?: string };
          for (const r of page.value) {
            const marker = /durabilite-[0-9a-f]{8}-\d{4}/.exec(r.description)?.[0];
            if (marker?.includes(runId)) listed.set(marker, (listed.get(marker) ?? 0) + 1);
          }
          // The next link names the public address; only its page token is needed here.
          skipToken = page.nextLink ? (new URL(page.nextLink).searchParams.get('skipToken') ?? undefined) : undefined;
        } while (skipToken);
        expect(listed.size).toBe(REPORTS);
        expect([...listed.values()].every((n) => n === 1)).toBe(true);

        // Stop the server cleanly, then read the database itself.
        server.child.kill('SIGTERM');
        expect((await server.exited).code).toBe(0);
        const config = loadConfig({ env: env(), readEnvFiles: false });
        const storage = await openStorage(config.database, { purpose: 'fieldops durability test', dataDir, migrate: false });
        try {
          const rows = await storage.db
            .selectFrom('field_reports')
            .select(['id', 'description'])
            .where('description', 'like', `%durabilite-${runId}-%`)
            .execute();
          const byMarker = new Map<string, string[]>();
          for (const row of rows) {
            const marker = /durabilite-[0-9a-f]{8}-\d{4}/.exec(row.description)![0];
            byMarker.set(marker, [...(byMarker.get(marker) ?? []), row.id]);
          }
          expect(rows).toHaveLength(REPORTS);
          for (const report of reports) expect({ marker: report.marker, ids: byMarker.get(report.marker) }).toEqual({ marker: report.marker, ids: [report.ids[0]] });
          const keys = await storage.db
            .selectFrom('idempotency_keys')
            .select(sql<number>`count(*)`.as('n'))
            .where('idempotency_key', 'like', `offline-${runId}-%`)
            .executeTakeFirstOrThrow();
          expect(Number(keys.n)).toBe(REPORTS);
          const history = await storage.db
            .selectFrom('field_report_status_history')
            .select(sql<number>`count(*)`.as('n'))
            .where(
              'report_id',
              'in',
              rows.map((r) => r.id),
            )
            .executeTakeFirstOrThrow();
          expect(Number(history.n)).toBe(REPORTS);
        } finally {
          await storage.close();
        }

        const counts = {
          backend: backend.name,
          reports: REPORTS,
          acknowledgedBeforeKill,
          inFlightAtKill,
          retriedReports: retried.length,
          failedAttempts,
          retriedAnsweredFromStoredResponse: replayedAfterCrash,
          retriedCreatedAfterRestart: retried.length - replayedAfterCrash,
          finalReports: [...listed.values()].reduce((a, b) => a + b, 0),
        };
        console.log(`fieldops durability counts: ${JSON.stringify(counts)}`);
        expect(inFlightAtKill).toBeGreaterThan(0);
        expect(retried.length).toBeGreaterThan(0);
      },
      TIMEOUT,
    );
  });
}

