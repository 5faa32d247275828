/**
 * The OGC API – Features layer of field reports (and the open-data exports) through `app.inject`,
 * on PGlite and on PostgreSQL: documents, bbox and datetime filters, keyset paging, coded 400s,
 * GeoJSON validity (check-geojson), CSV written safely, and no personal data anywhere.
 */
import { check } from '@placemarkio/check-geojson';
import { parse } from 'csv-parse/sync';
import type { FeatureCollection, Point } from 'geojson';
import { TEST_BACKENDS } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { DEFAULT_LIMIT, MAX_LIMIT, parseItemsQuery } from '../../../server/routes/ogc/params.js';
import { createReports, FORMULA_DESCRIPTION, personalStrings, type CreatedReport } from './ogc-fixture.js';

const OGC = '/ogc';
const ITEMS = '/ogc/collections/field-reports/items';
const COUNT = 23;
const CORE = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core';
const GEOJSON = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson';

interface Props {
  number: string;
  categoryCode: string;
  categoryLabel: string;
  description: string;
  status: string;
  observedAt: string;
  createdAt: string;
  photoCount: number;
  assetCode: string | null;
}
type Page = FeatureCollection<Point, Props> & { numberMatched: number; numberReturned: number; timeStamp: string; links: Array<{ rel: string; href: string; type: string }> };


for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`OGC API – Features on ${backend.name}`, () => {
    let t: TestContext;
    let reports: CreatedReport[];
    const outputs: string[] = [];

    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      // Published content only: a 400 echoes the unknown parameter names the test sends.
      if (res.statusCode === 200) outputs.push(res.body);
      return res;
    };
    /** Reads a page as GeoJSON, checked by check-geojson (RFC 7946 structure and positions). */
    const page = async (url: string): Promise<Page> => {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      check(res.body);
      return res.json() as Page;
    };
    const numbers = (p: Page) => p.features.map((f) => f.properties.number);
    const expectRejected = async (url: string, path: string) => {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual(
        expect.objectContaining({ code: 'EQP_ERR_VALIDATION', message: expect.any(String), messageEn: expect.any(String), details: expect.arrayContaining([expect.objectContaining({ path })]) }),
      );
    };

    beforeAll(async () => {
      // This commune publishes descriptions (checked escaped below); the default is tested apart.
      t = await createTestContext({ database: backend.database, env: { OPEN_DATA_DESCRIPTIONS: 'on' } });
      reports = await createReports(t, COUNT);
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it('serves the landing page and claims only Core and GeoJSON conformance', async () => {
      const landing = await get(OGC);
      expect(landing.statusCode).toBe(200);
      expect(landing.headers['content-type']).toMatch(/^application\/json/);
      const rels = landing.json().links.map((l: { rel: string }) => l.rel);
      expect(rels).toEqual(expect.arrayContaining(['self', 'conformance', 'data']));
      for (const link of landing.json().links as Array<{ href: string }>) expect(link.href).toMatch(/^http:\/\/localhost(:\d+)?\/ogc/);

      const conformance = await get(`${OGC}/conformance`);
      expect(conformance.json().conformsTo.sort()).toEqual([CORE, GEOJSON].sort());
    });

    it('describes the collection with an extent computed from the reports', async () => {
      const all = await get(`${OGC}/collections`);
      expect(all.statusCode).toBe(200);
      const collections = all.json().collections as Array<Record<string, unknown>>;
      expect(collections.map((c) => c.id)).toEqual(['field-reports']);

      const one = (await get(`${OGC}/collections/field-reports`)).json();
      expect(one).toEqual(collections[0]);
      expect(one.itemType).toBe('feature');
      expect(one.crs).toContain('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
      const lons = reports.map((r) => r.longitude);
      const lats = reports.map((r) => r.latitude);
      const [west, south, east, north] = one.extent.spatial.bbox[0];
      expect(west).toBeCloseTo(Math.min(...lons), 9);
      expect(south).toBeCloseTo(Math.min(...lats), 9);
      expect(east).toBeCloseTo(Math.max(...lons), 9);
      expect(north).toBeCloseTo(Math.max(...lats), 9);
      const times = reports.map((r) => r.observedAt).sort();
      expect(one.extent.temporal.interval).toEqual([[times[0], times.at(-1)]]);
      const rels = one.links.map((l: { rel: string }) => l.rel);
      expect(rels).toEqual(expect.arrayContaining(['self', 'items']));
    });

    it('returns every report as GeoJSON features with the published properties', async () => {
      const p = await page(ITEMS);
      expect(p.type).toBe('FeatureCollection');
      expect(p.numberMatched).toBe(COUNT);
      expect(p.numberReturned).toBe(COUNT);
      expect(Number.isNaN(Date.parse(p.timeStamp))).toBe(false);
      expect(p.links.map((l) => l.rel).sort()).toEqual(['alternate', 'collection', 'self']);
      const byId = new Map(p.features.map((f) => [f.id, f]));
      for (const r of reports) {
        const f = byId.get(r.id)!;
        expect(f.geometry.coordinates).toEqual([r.longitude, r.latitude]);
        expect(f.properties).toEqual(
          expect.objectContaining({ number: r.number, categoryCode: r.category, description: r.description, status: 'new', observedAt: r.observedAt }),
        );
        expect(Object.keys(f.properties).sort()).toEqual(
          ['accuracyMetres', 'address', 'assetCode', 'categoryCode', 'categoryLabel', 'createdAt', 'description', 'number', 'observedAt', 'photoCount', 'status', 'updatedAt'].sort(),
        );
      }
      expect(byId.get(reports[1]!.id)!.properties.photoCount).toBe(2);
      expect(byId.get(reports[0]!.id)!.properties.photoCount).toBe(0);

      const one = await get(`${ITEMS}/${reports[4]!.id}`);
      expect(one.statusCode).toBe(200);
      expect(one.headers['content-type']).toMatch(/^application\/geo\+json/);
      check(one.body);
      expect(one.json()).toEqual(byId.get(reports[4]!.id));
      expect((await get(`${ITEMS}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
      expect((await get(`${ITEMS}/SIG-000001`)).json().error.code).toBe('EQP_ERR_NOT_FOUND');
    });

    it('pages with a keyset next link: no duplicate, none missing, even when reports arrive meanwhile', async () => {
      let url: string | undefined = `${ITEMS}?limit=5`;
      const seen: string[] = [];
      let pages = 0;
      let arrived: CreatedReport[] = [];
      while (url) {
        const p = await page(url);
        pages += 1;
        expect(p.numberReturned).toBe(p.features.length);
        expect(p.features.length).toBeLessThanOrEqual(5);
        seen.push(...p.features.map((f) => String(f.id)));
        // A report created between pages lands after the last page, not inside one already read.
        if (pages === 1) arrived = await createReports(t, 1, COUNT);
        const next = p.links.find((l) => l.rel === 'next');
        url = next ? next.href.replace(/^http:\/\/localhost(:\d+)?/, '') : undefined;
        if (next) expect(next.type).toBe('application/geo+json');
      }
      const expected = [...reports, ...arrived].map((r) => r.id);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(expected.sort());
      // Clean up the arrival so the other tests see COUNT reports.
      await t.ctx.storage.db.deleteFrom('field_reports').where('id', '=', arrived[0]!.id).execute();
    });

    it('keeps filters in the next link and clamps limit to 1000', async () => {
      const first = await page(`${ITEMS}?limit=2&category=eclairage-public`);
      const lights = reports.filter((r) => r.category === 'eclairage-public');
      expect(first.numberMatched).toBe(lights.length);
      const next = new URL(first.links.find((l) => l.rel === 'next')!.href);
      expect(next.searchParams.get('category')).toBe('eclairage-public');
      expect(next.searchParams.get('limit')).toBe('2');
      const big = await page(`${ITEMS}?limit=100000`);
      expect(big.numberReturned).toBe(COUNT);
      expect(parseItemsQuery({ limit: '100000' }).limit).toBe(MAX_LIMIT);
      expect(parseItemsQuery({}).limit).toBe(DEFAULT_LIMIT);
    });

    it('filters by bbox, including one that crosses the antimeridian', async () => {
      const inside = reports.slice(3, 8);
      const bbox = [inside[0]!.longitude - 0.0001, inside[0]!.latitude - 0.0001, inside.at(-1)!.longitude + 0.0001, inside.at(-1)!.latitude + 0.0001];
      const p = await page(`${ITEMS}?bbox=${bbox.join(',')}`);
      expect(numbers(p).sort()).toEqual(inside.map((r) => r.number).sort());
      expect(p.numberMatched).toBe(5);
      // With heights (6 numbers): the same reports.
      const p6 = await page(`${ITEMS}?bbox=${[bbox[0], bbox[1], 0, bbox[2], bbox[3], 100].join(',')}`);
      expect(numbers(p6).sort()).toEqual(numbers(p).sort());
      // West 179 to east just past report 2: the box wraps round the globe and keeps reports 0–2.
      const wrap = await page(`${ITEMS}?bbox=179,-90,${reports[2]!.longitude + 0.0001},90`);
      expect(numbers(wrap).sort()).toEqual(reports.slice(0, 3).map((r) => r.number).sort());
      expect((await page(`${ITEMS}?bbox=170,-90,-170,90`)).numberMatched).toBe(0);
    });

    it('filters by datetime: instants, days, closed and open intervals', async () => {
      const r5 = reports[5]!;
      expect(numbers(await page(`${ITEMS}?datetime=${r5.observedAt}`))).toEqual([r5.number]);
      expect(numbers(await page(`${ITEMS}?datetime=${r5.observedAt.slice(0, 10)}`))).toEqual([r5.number]);
      // The same instant with an offset.
      const paris = r5.observedAt.replace('09:30:00.000Z', '10:30:00+01:00');
      expect(numbers(await page(`${ITEMS}?datetime=${encodeURIComponent(paris)}`))).toEqual([r5.number]);
      const closed = await page(`${ITEMS}?datetime=${reports[2]!.observedAt}/${reports[6]!.observedAt}`);
      expect(numbers(closed)).toEqual(reports.slice(2, 7).map((r) => r.number));
      const openStart = await page(`${ITEMS}?datetime=../${reports[3]!.observedAt}`);
      expect(numbers(openStart)).toEqual(reports.slice(0, 4).map((r) => r.number));
      const openEnd = await page(`${ITEMS}?datetime=${reports[20]!.observedAt}/..`);
      expect(numbers(openEnd)).toEqual(reports.slice(20).map((r) => r.number));
      const days = await page(`${ITEMS}?datetime=${reports[2]!.observedAt.slice(0, 10)}/${reports[4]!.observedAt.slice(0, 10)}`);
      expect(numbers(days)).toEqual(reports.slice(2, 5).map((r) => r.number));
      expect((await page(`${ITEMS}?datetime=../..`)).numberMatched).toBe(COUNT);
    });

    it('answers 400 with a coded error for invalid parameters', async () => {
      await expectRejected(`${ITEMS}?bbox=1,2,3`, 'querystring.bbox');
      await expectRejected(`${ITEMS}?bbox=a,b,c,d`, 'querystring.bbox');
      await expectRejected(`${ITEMS}?bbox=2,47,3,46`, 'querystring.bbox');
      await expectRejected(`${ITEMS}?bbox=0,0,200,1`, 'querystring.bbox');
      await expectRejected(`${ITEMS}?bbox=1,2,3,4&bbox=1,2,3,4`, 'querystring.bbox');
      await expectRejected(`${ITEMS}?bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2154`, 'querystring.bbox-crs');
      await expectRejected(`${ITEMS}?datetime=2026-13-01`, 'querystring.datetime');
      await expectRejected(`${ITEMS}?datetime=2026-02-30`, 'querystring.datetime');
      await expectRejected(`${ITEMS}?datetime=2026-01-01T10:00:00`, 'querystring.datetime');
      await expectRejected(`${ITEMS}?datetime=2026-01-01/2026-01-02/2026-01-03`, 'querystring.datetime');
      await expectRejected(`${ITEMS}?datetime=2026-03-01/2026-01-01`, 'querystring.datetime');
      await expectRejected(`${ITEMS}?limit=0`, 'querystring.limit');
      await expectRejected(`${ITEMS}?limit=-3`, 'querystring.limit');
      await expectRejected(`${ITEMS}?limit=ten`, 'querystring.limit');
      await expectRejected(`${ITEMS}?cursor=not-a-cursor`, 'querystring.cursor');
      await expectRejected(`${ITEMS}?status=lost`, 'querystring.status');
      await expectRejected(`${ITEMS}?reporter=kevin`, 'querystring.reporter');
      await expectRejected(`${ITEMS}?f=xml`, 'querystring.f');
      await expectRejected(`${OGC}/collections?f=csv`, 'querystring.f');
      await expectRejected(`${OGC}?foo=1`, 'querystring.foo');
    });

    it('serves a page as CSV on f=csv or Accept: text/csv, formula-safe', async () => {
      const viaF = await get(`${ITEMS}?limit=10&f=csv`);
      expect(viaF.statusCode).toBe(200);
      expect(viaF.headers['content-type']).toMatch(/^text\/csv/);
      expect(viaF.headers.link).toMatch(/rel="next"/);
      const rows = parse(viaF.body, { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((r) => r.number)).toEqual(reports.slice(0, 10).map((r) => r.number));
      const viaAccept = await get(`${ITEMS}?limit=10`, { accept: 'text/csv' });
      expect(viaAccept.headers['content-type']).toMatch(/^text\/csv/);
      expect(viaAccept.body).toBe(viaF.body);
      const json = await get(`${ITEMS}?limit=1`, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect(json.headers['content-type']).toMatch(/^application\/geo\+json/);
    });

    it('exports the whole layer as GeoJSON and CSV with the same content', async () => {
      const geo = await get('/api/open-data/field-reports.geojson');
      expect(geo.statusCode).toBe(200);
      expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(geo.headers['content-disposition']).toMatch(/attachment/);
      const fc = check(geo.body) as FeatureCollection<Point, Props>;
      expect(fc.features.map((f) => f.id).sort()).toEqual(reports.map((r) => r.id).sort());

      const csv = await get('/api/open-data/field-reports.csv');
      expect(csv.statusCode).toBe(200);
      const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
      expect(Object.keys(rows[0]!)).toEqual(['id', 'longitude', 'latitude', 'number', 'categoryCode', 'categoryLabel', 'description', 'status', 'observedAt', 'createdAt', 'updatedAt', 'address', 'accuracyMetres', 'assetCode', 'photoCount']);
      expect(rows.length).toBe(COUNT);
      const byId = new Map(fc.features.map((f) => [String(f.id), f]));
      for (const row of rows) {
        const f = byId.get(row.id!)!;
        expect(Number(row.longitude)).toBe(f.geometry.coordinates[0]);
        expect(row.number).toBe(f.properties.number);
        expect(Number(row.photoCount)).toBe(f.properties.photoCount);
      }
      // The formula is neutralized (leading quote), the text otherwise kept.
      const formula = rows.find((r) => r.description!.includes('HYPERLINK'))!;
      expect(formula.description).toBe(`'${FORMULA_DESCRIPTION}`);
      expect(rows.every((r) => !/^[=+\-@\t\r]/.test(r.description!))).toBe(true);

      const filtered = await get(`/api/open-data/field-reports.csv?category=eclairage-public`);
      expect((parse(filtered.body, { columns: true }) as unknown[]).length).toBe(reports.filter((r) => r.category === 'eclairage-public').length);
    });

    it('never publishes who made a report', async () => {
      // Every page, document and export this suite fetched, plus one more full read.
      await get(`${ITEMS}?limit=1000`);
      const personal = await personalStrings(t);
      const everything = outputs.join('\n');
      expect(everything.length).toBeGreaterThan(10_000);
      for (const value of personal) expect(everything).not.toContain(value);
      expect(everything.toLowerCase()).not.toContain('reporter');
    });
  });
}

describe('OGC API with OGC_API_KEY set', () => {
  let t: TestContext;
  const KEY = 'cle-ouverte-du-sig-0123456789';
  beforeAll(async () => {
    t = await createTestContext({ database: 'pglite', env: { OGC_API_KEY: KEY } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('requires the key in X-API-Key on every open-data route', async () => {
    for (const url of ['/ogc', '/ogc/conformance', '/ogc/collections', ITEMS, '/api/open-data/field-reports.csv']) {
      const none = await t.app.inject({ method: 'GET', url });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('EQP_ERR_UNAUTHENTICATED');
      const wrong = await t.app.inject({ method: 'GET', url, headers: { 'x-api-key': `${KEY}x` } });
      expect(wrong.statusCode).toBe(401);
      const right = await t.app.inject({ method: 'GET', url, headers: { 'x-api-key': KEY } });
      expect(right.statusCode).toBe(200);
      expect(right.headers['cache-control']).toBe('private, no-store');
    }
  });
});

describe('open data without descriptions (the default)', () => {
  let t: TestContext;
  let reports: CreatedReport[];
  beforeAll(async () => {
    t = await createTestContext();
    reports = await createReports(t, 3);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('publishes no free text anywhere: items, item, GeoJSON and CSV exports', async () => {
    const items = await t.app.inject({ method: 'GET', url: '/ogc/collections/field-reports/items?limit=100' });
    expect(items.statusCode).toBe(200);
    const features = (items.json() as Page).features;
    expect(features.length).toBeGreaterThanOrEqual(3);
    expect(features.every((f) => f.properties.description === null)).toBe(true);
    const item = await t.app.inject({ method: 'GET', url: `/ogc/collections/field-reports/items/${reports[0]!.id}` });
    expect(item.json().properties.description).toBeNull();
    for (const url of ['/api/open-data/field-reports.geojson', '/api/open-data/field-reports.csv']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      for (const r of reports) expect(res.body).not.toContain(r.description);
    }
  });
});

describe('open data rate limit', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { OPEN_DATA_RATE_LIMIT_PER_MINUTE: '3' } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After beyond the limit per client, counting the layer and the exports together', async () => {
    const from = (ip: string, url: string) => t.app.inject({ method: 'GET', url, remoteAddress: ip });
    expect((await from('203.0.113.7', '/ogc')).statusCode).toBe(200);
    expect((await from('203.0.113.7', '/ogc/collections/field-reports/items?limit=1')).statusCode).toBe(200);
    expect((await from('203.0.113.7', '/api/open-data/field-reports.csv')).statusCode).toBe(200);
    const limited = await from('203.0.113.7', '/ogc/collections/field-reports/items?limit=1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error).toMatchObject({ code: 'EQP_ERR_RATE_LIMITED' });
    // Another client is not affected.
    expect((await from('198.51.100.9', '/ogc')).statusCode).toBe(200);
  });
});
