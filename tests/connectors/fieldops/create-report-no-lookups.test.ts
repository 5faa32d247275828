/**
 * CreateFieldReport reads nothing before its transaction, and keeps its meaning:
 * - it remembers the categories it read, but a category changed behind its back (an
 *   administrator's SQL, another server instance) takes effect on the very next report: the
 *   insert checks that the remembered row is still the current one;
 * - it does not look the idempotency key up first, yet an expired key is new again.
 * PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { TEST_BACKENDS, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const URL = '/api/connectors/fieldops/v1/reports';
const headers = { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr' };
const CODE = 'chaussee-degradee';

const report = (fields: Record<string, unknown> = { size: '30 cm à 1 m' }) => ({
  category: CODE,
  description: 'Bordure cassée devant la poste',
  location: { latitude: DEMO_TOWN_CENTRE.latitude, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 5 },
  fields,
});


for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`CreateFieldReport without look-ups on ${backend.name}`, () => {
    let t: TestContext;
    const create = (body: unknown, key?: string) =>
      t.app.inject({ method: 'POST', url: URL, headers: key ? { ...headers, 'idempotency-key': key } : headers, payload: body as Record<string, unknown> });
    const categories = () => t.ctx.storage.db.updateTable('report_categories').where('code', '=', CODE);

    beforeAll(async () => {
      t = await createTestContext({ database: backend.database });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('uses a new label at once', async () => {
      expect((await create(report())).json().category.label).toBe('Chaussée ou trottoir dégradé');
      await categories().set({ label_fr: 'Voirie abîmée' }).execute();
      try {
        const res = await create(report());
        expect(res.statusCode).toBe(201);
        expect(res.json().category.label).toBe('Voirie abîmée');
      } finally {
        await categories().set({ label_fr: 'Chaussée ou trottoir dégradé' }).execute();
      }
    });

    it('refuses a category deactivated meanwhile, and takes it again once reactivated', async () => {
      expect((await create(report())).statusCode).toBe(201);
      await categories().set({ active: false }).execute();
      try {
        const before = await t.ctx.storage.db.selectFrom('field_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const refused = await create(report(), 'deactivated-1');
        expect(refused.statusCode).toBe(400);
        expect(refused.json().error.details).toEqual([expect.objectContaining({ path: 'body.category' })]);
        const after = await t.ctx.storage.db.selectFrom('field_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        expect(Number(after.n)).toBe(Number(before.n));
      } finally {
        await categories().set({ active: true }).execute();
      }
      expect((await create(report(), 'deactivated-1')).statusCode).toBe(201);
    });

    it('validates the fields against their current definition', async () => {
      expect((await create(report())).statusCode).toBe(201);
      const fields = [
        { key: 'size', label: 'Taille', labelEn: 'Size', type: 'choice', required: true, options: ['petit', 'grand'] },
        { key: 'dangerous', label: 'Danger immédiat', labelEn: 'Immediate danger', type: 'boolean', required: false },
      ];
      const original = (await t.ctx.storage.db.selectFrom('report_categories').select('fields').where('code', '=', CODE).executeTakeFirstOrThrow()).fields;
      await categories().set({ fields: JSON.stringify(fields) }).execute();
      try {
        const old = await create(report());
        expect(old.statusCode).toBe(400);
        expect(old.json().error.details).toEqual([expect.objectContaining({ path: 'body.fields.size' })]);
        const current = await create(report({ size: 'grand' }));
        expect(current.statusCode).toBe(201);
        expect(current.json().fields).toEqual({ size: 'grand' });
      } finally {
        await categories().set({ fields: JSON.stringify(original) }).execute();
      }
      expect((await create(report())).statusCode).toBe(201);
    });

    it('takes an expired idempotency key as a new one', async () => {
      const first = await create(report(), 'expiring-key');
      expect(first.statusCode).toBe(201);
      expect((await create(report(), 'expiring-key')).json().id).toBe(first.json().id);
      await t.ctx.storage.db.updateTable('idempotency_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('idempotency_key', '=', 'expiring-key').execute();
      const other = await create(report({ size: 'plus de 1 m' }), 'expiring-key');
      expect(other.statusCode).toBe(201);
      expect(other.json().id).not.toBe(first.json().id);
      // The key now answers for the new report.
      expect((await create(report({ size: 'plus de 1 m' }), 'expiring-key')).json().id).toBe(other.json().id);
      expect((await create(report(), 'expiring-key')).statusCode).toBe(422);
    });
  });
}
