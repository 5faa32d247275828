/**
 * Database notifications: a channel is listened to while it has subscribers, and no longer once
 * the last one has gone (the session would otherwise keep queueing every notification of a
 * channel nobody reads), on PGlite and PostgreSQL.
 */
import { sql } from 'kysely';
import { TEST_BACKENDS } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { eventually } from '../../helpers/eventually.js';

for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`database notifications on ${backend.name}`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext({ database: backend.database });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('listens to a channel while it has subscribers, and stops with the last one', async () => {
      const { notifications } = t.ctx.storage;
      const heard: string[] = [];
      const listener = (name: string) => ({ notify: (payload: string) => heard.push(`${name}:${payload}`), reset: () => undefined });
      const a1 = await notifications.subscribe('equipage_test_a', listener('a1'));
      const a2 = await notifications.subscribe('equipage_test_a', listener('a2'));
      const b = await notifications.subscribe('equipage_test_b', listener('b'));
      await eventually(async () => a1.live && b.live);
      expect((await notifications.listening()).filter((c) => c.startsWith('equipage_test_'))).toEqual(['equipage_test_a', 'equipage_test_b']);

      await a1.close();
      await sql`select pg_notify('equipage_test_a', 'un')`.execute(t.ctx.storage.db);
      await eventually(async () => heard.includes('a2:un'));
      expect(heard).not.toContain('a1:un');
      expect((await notifications.listening()).filter((c) => c.startsWith('equipage_test_'))).toEqual(['equipage_test_a', 'equipage_test_b']);

      await a2.close();
      expect((await notifications.listening()).filter((c) => c.startsWith('equipage_test_'))).toEqual(['equipage_test_b']);
      // Subscribing again listens again.
      const a3 = await notifications.subscribe('equipage_test_a', listener('a3'));
      expect((await notifications.listening()).filter((c) => c.startsWith('equipage_test_'))).toEqual(['equipage_test_a', 'equipage_test_b']);
      await sql`select pg_notify('equipage_test_a', 'deux')`.execute(t.ctx.storage.db);
      await eventually(async () => heard.includes('a3:deux'));
      await a3.close();
      await b.close();
      expect((await notifications.listening()).filter((c) => c.startsWith('equipage_test_'))).toEqual([]);
    });
  });
}
