/**
 * An assets import with `--prune` and a report being created on one of the pruned assets, at the
 * same time, on PostgreSQL (where they really run concurrently): the asset a report points at is
 * never removed from under it, and a report whose asset disappears first gets a clear 400.
 */
import pg from 'pg';
import { importAssets } from '../../../core/field-reports/asset-import.js';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { eventually } from '../../helpers/eventually.js';
import { TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr' };

(TEST_DATABASE_URL ? describe : describe.skip)('assets pruned while reports are created (PostgreSQL)', () => {
  let t: TestContext;
  let client: pg.Client;
  /** Outside any transaction: statistics views are a snapshot per transaction. */
  let monitor: pg.Client;

  beforeAll(async () => {
    t = await createTestContext({ database: 'postgres' });
    // The test context's own database: a second session to hold locks with.
    client = new pg.Client({ connectionString: (t.config.database as { url: string }).url });
    await client.connect();
    monitor = new pg.Client({ connectionString: (t.config.database as { url: string }).url });
    await monitor.connect();
  });
  afterAll(async () => {
    await client?.end();
    await monitor?.end();
    await t?.close();
  });

  /** Sessions of this database waiting for a lock. */
  const waiting = async () => Number((await monitor.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].n);

  async function newAsset(code: string): Promise<string> {
    const [asset] = await importAssets(t.ctx.storage.db, [{ code, kind: 'banc', name: `Banc ${code}`, address: null, latitude: DEMO_TOWN_CENTRE.latitude, longitude: DEMO_TOWN_CENTRE.longitude, details: {} }], { actor: 'test' }).then(
      async () => t.ctx.storage.db.selectFrom('assets').select('id').where('code', '=', code).execute(),
    );
    return asset!.id;
  }

  const allButThese = async (...codes: string[]) =>
    (await t.ctx.storage.db.selectFrom('assets').selectAll().execute())
      .filter((a) => !codes.includes(a.code))
      .map((a) => ({ code: a.code, kind: a.kind, name: a.name, address: a.address, latitude: Number(a.latitude), longitude: Number(a.longitude), details: typeof a.details === 'string' ? JSON.parse(a.details) : a.details }));

  it('keeps an asset that a report still being committed points at', async () => {
    const assetId = await newAsset('BANC-RACE-1');
    const category = await t.ctx.storage.db.selectFrom('report_categories').select('id').where('code', '=', 'mobilier-urbain').executeTakeFirstOrThrow();
    // A report on the asset, inserted but not yet committed.
    await client.query('begin');
    await client.query(
      `insert into field_reports (id, category_id, description, latitude, longitude, accuracy_m, asset_id, observed_at, fields, reporter_key, reporter_name)
       values ('00000000-0000-4000-8000-00000000bb01', $1, 'Banc cassé', 46.2, 2.2, 5, $2, now(), '{}', 'test', 'Test')`,
      [category.id, assetId],
    );
    const importing = importAssets(t.ctx.storage.db, await allButThese('BANC-RACE-1'), { actor: 'test', prune: true });
    await eventually(async () => (await waiting()) > 0, 10_000);
    await client.query('commit');
    const result = await importing;
    expect(result.keptReferenced).toBe(1);
    const report = await t.ctx.storage.db.selectFrom('field_reports').select('asset_id').where('id', '=', '00000000-0000-4000-8000-00000000bb01').executeTakeFirstOrThrow();
    expect(report.asset_id).toBe(assetId);
    expect(await t.ctx.storage.db.selectFrom('assets').select('id').where('id', '=', assetId).executeTakeFirst()).toBeDefined();
  });

  it('answers 400 "unknown asset" when the asset is removed between the check and the insert', async () => {
    const assetId = await newAsset('BANC-RACE-2');
    // The removal holds the row: the report's insert (its foreign key) waits for it.
    await client.query('begin');
    await client.query('select id from assets where id = $1 for update', [assetId]);
    const creating = t.app.inject({
      method: 'POST',
      url: `${BASE}/reports`,
      headers: KEVIN,
      payload: { category: 'mobilier-urbain', description: 'Banc cassé près de la fontaine', fields: { itemType: 'banc' }, assetId, location: { latitude: DEMO_TOWN_CENTRE.latitude, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 5 } },
    });
    await eventually(async () => (await waiting()) > 0, 10_000);
    await client.query('delete from assets where id = $1', [assetId]);
    await client.query('commit');
    const res = await creating;
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ path: 'body.assetId' })]);
  });
});
