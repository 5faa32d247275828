/**
 * The storage contract: the same behaviour on PGlite (always) and PostgreSQL (when
 * TEST_DATABASE_URL is set; `npm test` sets it to the local server by default).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../../../core/config/config.js';
import { demoIds, isDatabaseEmpty, seedDemoCommune } from '../../../core/seed/seed.js';
import { openStorage, type Storage } from '../../../core/storage/database.js';
import { migrations } from '../../../core/storage/migrations/index.js';
import { stableId } from '../../../core/util/stable-id.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../../helpers/postgres.js';

interface Backend {
  name: string;
  enabled: boolean;
  setup(): Promise<{ database: Config['database']; dataDir: string; teardown(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    enabled: true,
    async setup() {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-contract-'));
      return { database: { kind: 'pglite', dir: path.join(dataDir, 'pglite') }, dataDir, teardown: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    // Without TEST_DATABASE_URL there is no server to test against; `npm test` always sets it.
    enabled: Boolean(TEST_DATABASE_URL),
    async setup() {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-contract-'));
      const pgdb: TestDatabase = await createTestDatabase();
      return {
        database: { kind: 'postgres', url: pgdb.url, ssl: 'disable', poolMax: 5, notifications: true },
        dataDir,
        async teardown() {
          await pgdb.drop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const backend of backends) {
  (backend.enabled ? describe : describe.skip)(`storage contract on ${backend.name}`, () => {
    let env: Awaited<ReturnType<Backend['setup']>>;
    let storage: Storage;

    beforeAll(async () => {
      env = await backend.setup();
      storage = await openStorage(env.database, { purpose: 'contract test', dataDir: env.dataDir });
    });
    afterAll(async () => {
      await storage?.close();
      await env?.teardown();
    });

    it('applies every migration at open and records them', async () => {
      expect(storage.kind).toBe(env.database.kind);
      expect(storage.migrations).toEqual(Object.keys(migrations).sort());
      const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(storage.db);
      expect(recorded.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    });

    it('starts empty, then seeds the demo commune', async () => {
      expect(await isDatabaseEmpty(storage.db)).toBe(true);
      const result = await seedDemoCommune(storage.db, { today: '2026-11-02' });
      expect(result.people).toBeGreaterThanOrEqual(38);
      expect(result.onboardings).toBeGreaterThanOrEqual(3);
      expect(await isDatabaseEmpty(storage.db)).toBe(false);
      const hr = await storage.db.selectFrom('people').select('display_name').where('hr_member', '=', true).execute();
      expect(hr.length).toBeGreaterThanOrEqual(3);
      const services = await storage.db.selectFrom('services').select('code').execute();
      expect(services.map((s) => s.code)).toEqual(expect.arrayContaining(['voirie', 'espaces-verts', 'proprete', 'ecoles', 'batiments', 'rh']));
    });

    it('returns the same value types on both drivers', async () => {
      const lucas = await storage.db.selectFrom('people').selectAll().where('id', '=', demoIds.person('lucas.fontaine')).executeTakeFirstOrThrow();
      expect(lucas.hire_date).toBe('2026-10-23'); // date → ISO string, never shifted by time zones
      expect(lucas.created_at).toBeInstanceOf(Date);
      expect(lucas.hr_member).toBe(false);
      const count = await storage.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(typeof count.n).toBe('number'); // int8 → number
      const template = await storage.db.selectFrom('onboarding_templates').select('content').where('code', '=', 'jardinier').executeTakeFirstOrThrow();
      expect(Array.isArray(template.content.steps)).toBe(true); // jsonb → object
      const audit = await storage.db
        .insertInto('audit_log')
        .values({ actor: 'test', action: 'contract', channel: 'test', outcome: 'success', details: JSON.stringify({ k: 'v' }) })
        .returning(['id', 'details'])
        .executeTakeFirstOrThrow();
      expect(typeof audit.id).toBe('number');
      expect(audit.details).toEqual({ k: 'v' });
    });

    it('builds the manager hierarchy and arrivals with computed due dates', async () => {
      const lucasId = demoIds.person('lucas.fontaine');
      const manager = await storage.db
        .selectFrom('people as p')
        .innerJoin('people as m', 'm.id', 'p.manager_id')
        .select(['m.display_name'])
        .where('p.id', '=', lucasId)
        .executeTakeFirstOrThrow();
      expect(manager.display_name).toBe('Jean-Marc Dupuis');
      const steps = await storage.db
        .selectFrom('onboarding_steps')
        .select(['due_date', 'status', 'phase'])
        .where('onboarding_id', '=', demoIds.onboarding('lucas.fontaine'))
        .orderBy('position')
        .execute();
      expect(steps[0]).toMatchObject({ phase: 'before', due_date: '2026-10-16', status: 'done' });
      expect(steps.some((s) => s.status === 'todo')).toBe(true);
    });

    it('rolls a failed transaction back entirely', async () => {
      const before = await storage.db.selectFrom('services').select('code').execute();
      await expect(
        storage.db.transaction().execute(async (trx) => {
          await trx.insertInto('services').values({ id: stableId('service', 'tmp'), code: 'tmp', name: 'Temporaire', parent_id: null }).execute();
          await trx.insertInto('services').values({ id: stableId('service', 'tmp2'), code: 'voirie', name: 'Doublon', parent_id: null }).execute();
        }),
      ).rejects.toThrow();
      const after = await storage.db.selectFrom('services').select('code').execute();
      expect(after).toHaveLength(before.length);
    });

    it('enforces constraints (unique UPN, check on status)', async () => {
      const base = { given_name: 'A', family_name: 'B', display_name: 'A B', email: null, job_title: null, service_id: null, manager_id: null, site: null, mobile_phone: null, hire_date: null, left_at: null, matricule: null, entra_object_id: null };
      await expect(
        storage.db.insertInto('people').values({ ...base, id: stableId('t', '1'), upn: 'lucas.fontaine@beaulieu-sur-aune.fr' }).execute(),
      ).rejects.toThrow();
      await expect(
        storage.db.insertInto('people').values({ ...base, id: stableId('t', '2'), upn: 'x@y.fr', status: 'retired' as never }).execute(),
      ).rejects.toThrow();
    });

    it('serializes concurrent writes without losing any', async () => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          storage.db.insertInto('audit_log').values({ actor: `w${i}`, action: 'concurrent', channel: 'test', outcome: 'success', details: null }).execute(),
        ),
      );
      const n = await storage.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'concurrent').executeTakeFirstOrThrow();
      expect(n.n).toBe(50);
    });

    it('re-seeds with reset, keeping ids stable and the audit log', async () => {
      await storage.db.updateTable('onboarding_steps').set({ status: 'done' }).execute();
      const result = await seedDemoCommune(storage.db, { reset: true, today: '2026-11-02' });
      const todo = await storage.db.selectFrom('onboarding_steps').select('id').where('status', '=', 'todo').execute();
      expect(todo.length).toBeGreaterThan(0);
      expect(result.people).toBeGreaterThanOrEqual(38);
      const lucas = await storage.db.selectFrom('people').select('id').where('upn', '=', 'lucas.fontaine@beaulieu-sur-aune.fr').executeTakeFirstOrThrow();
      expect(lucas.id).toBe(demoIds.person('lucas.fontaine'));
      const audit = await storage.db.selectFrom('audit_log').select('id').execute();
      expect(audit.length).toBeGreaterThanOrEqual(51);
    });

    it('persists across close and reopen without re-running migrations', async () => {
      await storage.close();
      storage = await openStorage(env.database, { purpose: 'contract test (reopen)', dataDir: env.dataDir });
      expect(storage.migrations).toEqual(Object.keys(migrations).sort());
      expect(await isDatabaseEmpty(storage.db)).toBe(false);
      await storage.ping();
    });
  });
}
