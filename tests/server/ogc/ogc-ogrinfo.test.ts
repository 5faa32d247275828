/**
 * A real GIS client reads the layer: GDAL's `ogrinfo` (OAPIF driver) against the server listening
 * on loopback, with more reports than one page so GDAL follows the next links. Feature count,
 * fields, attribute and spatial filters must match the database. Skipped only when ogrinfo is
 * not installed (CI installs gdal-bin).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { createReports, personalStrings, type CreatedReport } from './ogc-fixture.js';

const OGRINFO = '/usr/bin/ogrinfo';
const run = promisify(execFile);
const COUNT = 27;
const PAGE_SIZE = 10;

if (!existsSync(OGRINFO)) {
  console.warn(`ogrinfo absent (${OGRINFO}): the GDAL OAPIF test is skipped. Install gdal-bin to run it.`);
}

(existsSync(OGRINFO) ? describe : describe.skip)('the layer read by GDAL ogrinfo (OAPIF)', () => {
  let t: TestContext;
  let reports: CreatedReport[];
  let source: string;

  /** URLs GDAL fetched during the last run (from its debug output). */
  let fetched: string[] = [];
  /** Runs ogrinfo read-only on the layer; returns its standard output. */
  const ogrinfo = async (...args: string[]) => {
    const { stdout, stderr } = await run(OGRINFO, ['-ro', '--debug', 'on', '--config', 'GDAL_HTTP_TIMEOUT', '30', '-oo', `PAGE_SIZE=${PAGE_SIZE}`, ...args, source, 'field-reports'], {
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GDAL_HTTP_PROXY: '', HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '*' },
    });
    fetched = [...stderr.matchAll(/HTTP: Fetch\((\S+?)\)/g)].map((m) => m[1]!);
    return stdout;
  };
  const featureCount = (out: string) => Number(/Feature Count: (\d+)/.exec(out)?.[1]);
  const featureBlocks = (out: string) => out.split(/^OGRFeature\(field-reports\):/m).slice(1);
  const attribute = (block: string, name: string) => new RegExp(`^\\s+${name} \\(\\w+\\) = (.*)$`, 'm').exec(block)?.[1];

  beforeAll(async () => {
    t = await createTestContext({ database: 'pglite' });
    reports = await createReports(t, COUNT);
    // A few statuses other than new, set as the back office would.
    await t.ctx.storage.db.updateTable('field_reports').set({ status: 'resolved' }).where('id', 'in', [reports[2]!.id, reports[11]!.id, reports[20]!.id]).execute();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    source = `OAPIF:http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ogc`;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('summarizes the layer with the database’s feature count and the published fields', async () => {
    const out = await ogrinfo('-so');
    const inDb = await t.ctx.storage.db.selectFrom('field_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(featureCount(out)).toBe(Number(inDb.n));
    expect(featureCount(out)).toBe(COUNT);
    expect(out).toMatch(/Geometry: Point/);
    for (const field of ['number', 'categoryCode', 'categoryLabel', 'description', 'status', 'observedAt', 'createdAt', 'assetCode', 'photoCount']) {
      expect(out).toMatch(new RegExp(`^${field}: `, 'm'));
    }
    for (const personal of await personalStrings(t)) expect(out).not.toContain(personal);
  }, 90_000);

  it('reads every feature across pages, once each, with the stored values', async () => {
    const out = await ogrinfo('-al');
    const blocks = featureBlocks(out);
    expect(blocks.length).toBe(COUNT);
    const numbers = blocks.map((b) => attribute(b, 'number'));
    expect(new Set(numbers).size).toBe(COUNT);
    expect([...numbers].sort()).toEqual(reports.map((r) => r.number).sort());
    // GDAL followed our next links: three pages of ten.
    const pages = fetched.filter((u) => u.includes('/items'));
    expect(pages.filter((u) => u.includes('cursor=')).length).toBeGreaterThanOrEqual(Math.ceil(COUNT / PAGE_SIZE) - 1);
    for (const r of reports) {
      const block = blocks.find((b) => attribute(b, 'number') === r.number)!;
      expect(attribute(block, 'categoryCode')).toBe(r.category);
      const point = /POINT \(([-\d.]+) ([-\d.]+)\)/.exec(block)!;
      expect(Number(point[1])).toBeCloseTo(r.longitude, 7);
      expect(Number(point[2])).toBeCloseTo(r.latitude, 7);
    }
    for (const personal of await personalStrings(t)) expect(out).not.toContain(personal);
  }, 90_000);

  it('applies -where attribute filters and -spat spatial filters like the database', async () => {
    const resolved = await ogrinfo('-al', '-where', "status = 'resolved'");
    expect(featureBlocks(resolved).map((b) => attribute(b, 'number')).sort()).toEqual([2, 11, 20].map((i) => reports[i]!.number).sort());

    const lights = await ogrinfo('-al', '-where', "categoryCode = 'eclairage-public'");
    const inDb = await t.ctx.storage.db
      .selectFrom('field_reports as r')
      .innerJoin('report_categories as c', 'c.id', 'r.category_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.code', '=', 'eclairage-public')
      .executeTakeFirstOrThrow();
    expect(featureBlocks(lights).length).toBe(Number(inDb.n));

    const inside = reports.slice(5, 17);
    const spat = [inside[0]!.longitude - 0.0001, inside[0]!.latitude - 0.0001, inside.at(-1)!.longitude + 0.0001, inside.at(-1)!.latitude + 0.0001].map(String);
    const boxed = await ogrinfo('-al', '-spat', ...spat);
    expect(featureBlocks(boxed).map((b) => attribute(b, 'number')).sort()).toEqual(inside.map((r) => r.number).sort());
  }, 90_000);
});

(existsSync(OGRINFO) ? describe : describe.skip)('ogrinfo with OGC_API_KEY set', () => {
  const KEY = 'cle-du-sig-de-la-commune-42';
  let t: TestContext;
  let source: string;
  const ogrinfo = (extra: string[]) =>
    run(OGRINFO, ['-ro', '-so', '--config', 'GDAL_HTTP_TIMEOUT', '30', ...extra, source, 'field-reports'], {
      timeout: 60_000,
      env: { ...process.env, GDAL_HTTP_PROXY: '', HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '*' },
    });

  beforeAll(async () => {
    t = await createTestContext({ database: 'pglite', env: { OGC_API_KEY: KEY } });
    await createReports(t, 3);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    source = `OAPIF:http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ogc`;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reads the layer with the key in GDAL_HTTP_HEADERS, and not without it', async () => {
    const { stdout } = await ogrinfo(['--config', 'GDAL_HTTP_HEADERS', `X-API-Key: ${KEY}`]);
    expect(/Feature Count: (\d+)/.exec(stdout)?.[1]).toBe('3');
    await expect(ogrinfo([])).rejects.toThrow(/401|Unable to open|failed/i);
  }, 90_000);
});
