/**
 * The callers' cache (core/auth/person-cache.ts) and the database notifications behind it
 * (core/storage/notifications.ts), on PGlite and PostgreSQL: served from memory while nothing
 * changes, forgotten as soon as `people` changes (whoever changes it), never served while the
 * change signal may have been missed (PostgreSQL listening connection killed), and the HTTP
 * authentication sees an HR membership withdrawn on the next request.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { PEOPLE_CHANNEL, PERSON_CACHE_TTL_MS, PersonCache } from '../../../core/auth/person-cache.js';
import { demoIds } from '../../../core/seed/seed.js';
import { postgresNotifications } from '../../../core/storage/notifications.js';
import { startFreezableProxy } from '../../doubles/freezable-tcp-proxy.js';
import { TEST_BACKENDS, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { eventually } from '../../helpers/eventually.js';

const HR = 'sophie.lambert';
const HR_UPN = `${HR}@beaulieu-sur-aune.fr`;

for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`person cache on ${backend.name}`, () => {
    let t: TestContext;
    let cache: PersonCache;
    const key = { by: 'local', who: HR_UPN, isUuid: false } as const;
    const setHr = (hr: boolean) => t.ctx.storage.db.updateTable('people').set({ hr_member: hr }).where('upn', '=', HR_UPN).execute();
    /** Announcements heard so far; on PostgreSQL they arrive in order, after the commit returned. */
    let announced = 0;

    beforeAll(async () => {
      t = await createTestContext({ database: backend.database });
      cache = await PersonCache.open(t.ctx.storage.db, t.ctx.storage.notifications);
      await t.ctx.storage.notifications.subscribe(PEOPLE_CHANNEL, { notify: () => (announced += 1), reset: () => undefined });
    });
    afterAll(async () => {
      await cache?.close();
      await t?.close();
    });
    beforeEach(async () => {
      await eventually(() => cache.active);
      // Each test starts after the announcement of this reset has reached the cache.
      const before = announced;
      await setHr(true);
      await eventually(() => announced > before);
    });

    test('a caller found once is served from memory while people does not change', async () => {
      const first = await cache.find(key);
      expect(first?.hr_member).toBe(true);
      const before = cache.stats;
      const second = await cache.find(key);
      expect(second).toBe(first);
      expect(cache.stats.hits).toBe(before.hits + 1);
      expect(cache.stats.misses).toBe(before.misses);
      expect(Object.isFrozen(second)).toBe(true);
    });

    test('the memory is really used: a change made without announcing it is not seen', async () => {
      expect((await cache.find(key))?.hr_member).toBe(true);
      // Only a superuser can do this; it shows that the trigger, and nothing else, keeps the cache true.
      await sql`alter table people disable trigger people_changed`.execute(t.ctx.storage.db);
      try {
        await setHr(false);
        expect((await cache.find(key))?.hr_member).toBe(true);
      } finally {
        await sql`alter table people enable trigger people_changed`.execute(t.ctx.storage.db);
      }
      await setHr(false);
      await eventually(async () => (await cache.find(key))?.hr_member === false);
    });

    test('any change to people, from anywhere, is seen on the next look-up', async () => {
      expect((await cache.find(key))?.hr_member).toBe(true);
      await setHr(false);
      if (backend.database === 'pglite') {
        // One session: the signal arrives before the writer's commit returns.
        expect((await cache.find(key))?.hr_member).toBe(false);
      } else {
        await eventually(async () => (await cache.find(key))?.hr_member === false);
      }
      // A person created later is found, though "nobody" was remembered for that key before.
      const newcomer = { by: 'local', who: 'nouvel.agent@beaulieu-sur-aune.fr', isUuid: false } as const;
      expect(await cache.find(newcomer)).toBeUndefined();
      const source = await t.ctx.storage.db.selectFrom('people').selectAll().where('upn', '=', HR_UPN).executeTakeFirstOrThrow();
      await t.ctx.storage.db
        .insertInto('people')
        .values({ ...source, id: demoIds.person('nouvel.agent'), upn: newcomer.who, entra_object_id: null, matricule: null, email: null, hr_member: false, created_at: undefined, updated_at: undefined })
        .execute();
      await eventually(async () => (await cache.find(newcomer))?.upn === newcomer.who);
      await t.ctx.storage.db.deleteFrom('people').where('upn', '=', newcomer.who).execute();
      await eventually(async () => (await cache.find(newcomer)) === undefined);
    });

    test('a look-up that started before a change does not store its older answer', async () => {
      const pending = cache.find(key);
      cache.invalidate();
      await pending;
      const { misses } = cache.stats;
      await cache.find(key);
      expect(cache.stats.misses).toBe(misses + 1);
    });

    test('entries expire even when no change is announced', async () => {
      let now = Date.now();
      const clocked = await PersonCache.open(t.ctx.storage.db, t.ctx.storage.notifications, { now: () => now });
      try {
        await eventually(() => clocked.active);
        await clocked.find(key);
        await clocked.find(key);
        expect(clocked.stats).toMatchObject({ hits: 1, misses: 1 });
        now += PERSON_CACHE_TTL_MS + 1;
        await clocked.find(key);
        expect(clocked.stats).toMatchObject({ hits: 1, misses: 2 });
      } finally {
        await clocked.close();
      }
    });

    test('a closed cache reads the database every time', async () => {
      const closing = await PersonCache.open(t.ctx.storage.db, t.ctx.storage.notifications);
      await closing.close();
      await closing.find(key);
      await closing.find(key);
      expect(closing.active).toBe(false);
      expect(closing.stats).toMatchObject({ hits: 0, misses: 2 });
    });

    test('the authentication sees an HR membership withdrawn on the next request', async () => {
      const me = async () => (await t.app.inject({ method: 'GET', url: '/api/tab/me', headers: { 'x-equipage-local-user': HR_UPN } })).json() as { roles: string[] };
      expect((await me()).roles).toContain('hr');
      expect((await me()).roles).toContain('hr');
      await setHr(false);
      if (backend.database === 'pglite') expect((await me()).roles).not.toContain('hr');
      else await eventually(async () => !(await me()).roles.includes('hr'));
    });

    if (backend.database === 'postgres') {
      test('when the listening connection is lost, nothing is served from memory until it listens again', async () => {
        expect((await cache.find(key))?.hr_member).toBe(true);
        const url = new URL(TEST_DATABASE_URL!);
        const admin = new pg.Client({ connectionString: t.config.database.kind === 'postgres' ? t.config.database.url : url.toString() });
        await admin.connect();
        try {
          const killed = await admin.query(
            "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and application_name = 'equipage-notifications'",
          );
          expect(killed.rowCount).toBeGreaterThanOrEqual(1);
          await eventually(() => !cache.active);
          // A change nobody announces (the trigger is off): a cache still serving would miss it.
          await admin.query('alter table people disable trigger people_changed');
          await admin.query('update people set hr_member = false where upn = $1', [HR_UPN]);
          await admin.query('alter table people enable trigger people_changed');
          if (!cache.active) expect((await cache.find(key))?.hr_member).toBe(false);
          // It listens again by itself, and starts from nothing.
          await eventually(() => cache.active, 10_000);
          expect((await cache.find(key))?.hr_member).toBe(false);
        } finally {
          await admin.end();
        }
      });

      test('with DATABASE_NOTIFICATIONS=off the cache stays off', async () => {
        const off = await createTestContext({ database: 'postgres', env: { DATABASE_NOTIFICATIONS: 'off' } });
        try {
          const offCache = await PersonCache.open(off.ctx.storage.db, off.ctx.storage.notifications);
          await offCache.find(key);
          await offCache.find(key);
          expect(offCache.active).toBe(false);
          expect(offCache.stats).toMatchObject({ hits: 0, misses: 2 });
          await offCache.close();
        } finally {
          await off.close();
        }
      });
    }
  });
}

describe('database notifications', () => {
  test('pg_notify reaches every subscriber of its channel until it unsubscribes (PGlite)', async () => {
    const t = await createTestContext({ seed: false });
    try {
      const heard: string[] = [];
      const a = await t.ctx.storage.notifications.subscribe('equipage_test', { notify: (p) => heard.push(`a:${p}`), reset: () => undefined });
      const b = await t.ctx.storage.notifications.subscribe('equipage_test', { notify: (p) => heard.push(`b:${p}`), reset: () => undefined });
      await sql`select pg_notify('equipage_test', 'un')`.execute(t.ctx.storage.db);
      await b.close();
      await sql`select pg_notify('equipage_test', 'deux')`.execute(t.ctx.storage.db);
      await sql`select pg_notify('equipage_autre', 'trois')`.execute(t.ctx.storage.db);
      expect(heard).toEqual(['a:un', 'b:un', 'a:deux']);
      await a.close();
      await expect(t.ctx.storage.notifications.subscribe('Robert; drop table people', { notify: () => undefined, reset: () => undefined })).rejects.toThrow(/invalid notification channel/);
    } finally {
      await t.close();
    }
  });

  (TEST_DATABASE_URL ? test : test.skip)('pg_notify reaches subscribers only after commit, and not at all on rollback (PostgreSQL)', async () => {
    const t = await createTestContext({ database: 'postgres', seed: false });
    try {
      const heard: string[] = [];
      const sub = await t.ctx.storage.notifications.subscribe('equipage_test', { notify: (p) => heard.push(p), reset: () => undefined });
      expect(sub.live).toBe(true);
      await t.ctx.storage.db
        .transaction()
        .execute(async (trx) => {
          await sql`select pg_notify('equipage_test', 'annulé')`.execute(trx);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await t.ctx.storage.db.transaction().execute(async (trx) => {
        await sql`select pg_notify('equipage_test', 'validé')`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(heard).toEqual([]);
      });
      await eventually(() => heard.length > 0);
      expect(heard).toEqual(['validé']);
      await sub.close();
    } finally {
      await t.close();
    }
  });

  (TEST_DATABASE_URL ? test : test.skip)('a connection that silently stops delivering is found out by the heartbeat, and replaced (PostgreSQL)', async () => {
    const server = new URL(TEST_DATABASE_URL!);
    const proxy = await startFreezableProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const through = new URL(TEST_DATABASE_URL!);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const errors: string[] = [];
    const notifications = postgresNotifications({
      client: { connectionString: through.toString() },
      // Short, but with room for a loaded CI machine: a late heartbeat only means a reconnection.
      heartbeat: { intervalMs: 300, timeoutMs: 1500 },
      retry: { baseMs: 50, capMs: 200 },
      onError: (error) => errors.push(error.message),
    });
    const direct = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await direct.connect();
    try {
      const heard: string[] = [];
      let resets = 0;
      const sub = await notifications.subscribe('equipage_test_hb', { notify: (p) => heard.push(p), reset: () => (resets += 1) });
      await eventually(() => sub.live, 10_000);
      await direct.query(`select pg_notify('equipage_test_hb', 'avant')`);
      await eventually(() => heard.includes('avant'));
      // The connection stays open but nothing flows any more: without a heartbeat it would look live forever.
      proxy.freeze();
      const resetsBefore = resets;
      await eventually(() => !sub.live && resets > resetsBefore, 10_000);
      expect(errors.some((message) => /heartbeat|timeout|terminated/i.test(message))).toBe(true);
      // A new connection is made through the proxy (new connections flow), and delivery resumes.
      proxy.thaw();
      await eventually(() => sub.live, 10_000);
      await direct.query(`select pg_notify('equipage_test_hb', 'après')`);
      await eventually(() => heard.includes('après'));
      await sub.close();
    } finally {
      await direct.end();
      await notifications.close();
      await proxy.close();
    }
  });
});
