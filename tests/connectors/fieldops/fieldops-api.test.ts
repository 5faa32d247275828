/**
 * The field-ops connector's operations through `app.inject`, on a real database seeded with the
 * demo commune: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. Local mode: the
 * caller is chosen with the X-Equipage-Local-User header.
 */
import http from 'node:http';
import { PNG } from 'pngjs';
import { DEMO_ASSETS, DEMO_TOWN_CENTRE, demoFieldOpsIds } from '../../../core/seed/demo-assets.js';
import { TEST_BACKENDS, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = 'kevin.martin@beaulieu-sur-aune.fr';
const MEHDI = 'mehdi.haddad@beaulieu-sur-aune.fr';

function pngDataUri(): string {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(200);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

const validReport = (overrides: Record<string, unknown> = {}) => ({
  category: 'chaussee-degradee',
  description: 'Nid-de-poule profond devant la médiathèque',
  location: { latitude: DEMO_TOWN_CENTRE.latitude + 0.001, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 8, address: '8 avenue du Général-Leclerc' },
  observedAt: '2026-03-02T08:15:00.000Z',
  fields: { size: '30 cm à 1 m', dangerous: true },
  ...overrides,
});


for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`field-ops connector API on ${backend.name}`, () => {
    let t: TestContext;
    const as = (upn: string) => ({ 'x-equipage-local-user': upn });

    beforeAll(async () => {
      t = await createTestContext({ database: backend.database });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses calls without a caller', async () => {
      const res = await t.app.inject({ method: 'GET', url: `${BASE}/categories` });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('EQP_ERR_UNAUTHENTICATED');
    });

    it('refuses a caller-less upload before reading its body', async () => {
      // Headers announce 20 MB of photos, and no byte of it is sent: the answer comes anyway.
      const url = new URL(`${BASE}/reports`, await t.app.listen({ port: 0, host: '127.0.0.1' }));
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(20 * 1024 * 1024) } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
            // The 20 MB will never come: hang up, so the server's connection does not wait for them.
            request.destroy();
          });
        });
        request.on('error', reject);
        request.setTimeout(10_000, () => request.destroy(new Error('no answer before the body: the body was waited for')));
        request.flushHeaders();
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).error.code).toBe('EQP_ERR_UNAUTHENTICATED');
    });

    it('lists the categories and gets one with its fields and schema', async () => {
      const list = await t.app.inject({ method: 'GET', url: `${BASE}/categories`, headers: as(KEVIN) });
      expect(list.statusCode).toBe(200);
      const codes = list.json().value.map((c: { code: string }) => c.code);
      expect(codes).toEqual(expect.arrayContaining(['chaussee-degradee', 'eclairage-public', 'depot-sauvage']));

      const one = await t.app.inject({ method: 'GET', url: `${BASE}/categories/eclairage-public`, headers: as(KEVIN) });
      expect(one.statusCode).toBe(200);
      const body = one.json();
      expect(body.fields.map((f: { key: string }) => f.key)).toEqual(['lightState', 'lightCount']);
      expect(body.schema).toEqual({
        type: 'object',
        required: ['lightState'],
        properties: {
          lightState: expect.objectContaining({ type: 'string', enum: ['éteinte', 'clignotante', 'allumée le jour'], 'x-ms-summary': 'État de la lampe' }),
          lightCount: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 50 }),
        },
      });

      const missing = await t.app.inject({ method: 'GET', url: `${BASE}/categories/inconnue`, headers: as(KEVIN) });
      expect(missing.statusCode).toBe(404);
    });

    it('searches assets by text, accents and case ignored', async () => {
      const res = await t.app.inject({ method: 'GET', url: `${BASE}/assets?search=ECOLE%20jules`, headers: as(KEVIN) });
      expect(res.statusCode).toBe(200);
      const names = res.json().value.map((a: { name: string }) => a.name);
      expect(names).toContain('École Jules-Ferry');
    });

    it('searches assets near a position, nearest first, within the radius', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `${BASE}/assets?latitude=${DEMO_TOWN_CENTRE.latitude}&longitude=${DEMO_TOWN_CENTRE.longitude}&radius=100&top=50`,
        headers: as(KEVIN),
      });
      expect(res.statusCode).toBe(200);
      const value = res.json().value as Array<{ code: string; name: string; distance: number }>;
      expect(value.length).toBeGreaterThan(0);
      expect(value[0]!.name).toBe('Hôtel de ville');
      const distances = value.map((a) => a.distance);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      expect(Math.max(...distances)).toBeLessThanOrEqual(100);
      // Everything of the demo within 100 m (computed independently here) is found.
      const expected = DEMO_ASSETS.filter((a) => haversine(a.latitude, a.longitude, DEMO_TOWN_CENTRE.latitude, DEMO_TOWN_CENTRE.longitude) <= 100).map((a) => a.code);
      expect(value.map((a) => a.code).sort()).toEqual(expected.sort());

      const kind = await t.app.inject({
        method: 'GET',
        url: `${BASE}/assets?latitude=${DEMO_TOWN_CENTRE.latitude}&longitude=${DEMO_TOWN_CENTRE.longitude}&radius=5000&kind=hydrant`,
        headers: as(KEVIN),
      });
      expect(kind.json().value.every((a: { kind: string }) => a.kind === 'hydrant')).toBe(true);
      expect(kind.json().value.length).toBe(DEMO_ASSETS.filter((a) => a.kind === 'hydrant').length);
    });

    it('answers 400 with the path when latitude comes without longitude', async () => {
      const res = await t.app.inject({ method: 'GET', url: `${BASE}/assets?latitude=46.2`, headers: as(KEVIN) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('EQP_ERR_VALIDATION');
      expect(res.json().error.details).toEqual([expect.objectContaining({ path: 'querystring.longitude', messageEn: expect.any(String) })]);
    });

    it('answers 400, not 500, for numbers that are not finite (Infinity in a query, 1e400 in a body)', async () => {
      const list = await t.app.inject({ method: 'GET', url: `${BASE}/reports?top=Infinity`, headers: as(KEVIN) });
      expect(list.statusCode).toBe(400);
      expect(list.json().error.details).toEqual([expect.objectContaining({ path: 'querystring.top', message: 'nombre hors limites', messageEn: 'number out of range' })]);
      const body = '{"category":"chaussee-degradee","description":"Nid-de-poule","location":{"latitude":46.2,"longitude":2.2,"accuracy":1e400}}';
      const create = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: { ...as(KEVIN), 'content-type': 'application/json' }, payload: body });
      expect(create.statusCode).toBe(400);
      expect(create.json().error.code).toBe('EQP_ERR_VALIDATION');
    });

    it('creates a report with a photo and an asset, then reads it back', async () => {
      const asset = demoFieldOpsIds.asset('BAT-0004');
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports`,
        headers: as(KEVIN),
        payload: validReport({ assetId: asset, photos: [pngDataUri()] }),
      });
      expect(res.statusCode).toBe(201);
      const report = res.json();
      expect(report).toEqual(
        expect.objectContaining({
          number: expect.stringMatching(/^SIG-\d{6}$/),
          category: { code: 'chaussee-degradee', label: 'Chaussée ou trottoir dégradé' },
          status: 'new',
          reporter: { displayName: 'Kévin Martin' },
          asset: expect.objectContaining({ id: asset, name: 'Médiathèque', kind: 'building' }),
          fields: { size: '30 cm à 1 m', dangerous: true },
          observedAt: '2026-03-02T08:15:00.000Z',
        }),
      );
      expect(report.location.address).toBe('8 avenue du Général-Leclerc');
      expect(report.photos).toHaveLength(1);
      expect(report.photos[0].contentType).toBe('image/png');

      // The photo is in the blob store under the report, with the hash the report gives.
      const keys: string[] = [];
      for await (const info of t.ctx.blobs.list(`field-reports/${report.id}/`)) keys.push(info.key);
      expect(keys).toEqual([`field-reports/${report.id}/photo-1.png`]);
      const head = await t.ctx.blobs.head(keys[0]!);
      expect(head?.sha256).toBe(report.photos[0].sha256);

      const got = await t.app.inject({ method: 'GET', url: `${BASE}/reports/${report.id}`, headers: as(MEHDI) });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(report);
      const history = await t.ctx.storage.db.selectFrom('field_report_status_history').selectAll().where('report_id', '=', report.id).execute();
      expect(history.map((h) => h.status)).toEqual(['new']);

      const unknown = await t.app.inject({ method: 'GET', url: `${BASE}/reports/00000000-0000-4000-8000-000000000000`, headers: as(KEVIN) });
      expect(unknown.statusCode).toBe(404);
    });

    it('answers 400 with each field path for schema and category-field problems', async () => {
      const schema = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports`,
        headers: as(KEVIN),
        payload: validReport({ location: { latitude: 123, longitude: 2, accuracy: 5 } }),
      });
      expect(schema.statusCode).toBe(400);
      expect(schema.json().error.code).toBe('EQP_ERR_VALIDATION');
      expect(schema.json().error.details.map((d: { path: string }) => d.path)).toContain('body.location.latitude');

      const fields = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports`,
        headers: as(KEVIN),
        payload: validReport({ fields: { size: 'énorme', color: 'rouge' } }),
      });
      expect(fields.statusCode).toBe(400);
      const details = fields.json().error.details as Array<{ path: string; message: string; messageEn: string }>;
      expect(details.map((d) => d.path).sort()).toEqual(['body.fields.color', 'body.fields.size']);
      expect(details.every((d) => d.message && d.messageEn && d.message !== d.messageEn)).toBe(true);

      const category = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: validReport({ category: 'inconnue' }) });
      expect(category.statusCode).toBe(400);
      expect(category.json().error.details[0].path).toBe('body.category');

      const count = await t.ctx.storage.db.selectFrom('field_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('description', 'like', '%médiathèque%').executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('answers 413 for a photo over 5 MB and 415 for a type other than JPEG, PNG, WebP', async () => {
      const big = `data:image/jpeg;base64,${Buffer.alloc(5 * 1024 * 1024 + 10, 0xff).toString('base64')}`;
      const tooLarge = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: validReport({ photos: [pngDataUri(), big] }) });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().error.code).toBe('EQP_ERR_PAYLOAD_TOO_LARGE');
      expect(tooLarge.json().error.details[0].path).toBe('body.photos.1');

      const gif = `data:image/gif;base64,${Buffer.from('GIF89a\x01\x00\x01\x00').toString('base64')}`;
      const unsupported = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: validReport({ photos: [gif] }) });
      expect(unsupported.statusCode).toBe(415);
      expect(unsupported.json().error.code).toBe('EQP_ERR_UNSUPPORTED_MEDIA_TYPE');

      // Declared PNG, but the bytes are not an image: the magic bytes decide.
      const liar = `data:image/png;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}`;
      const spoofed = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: validReport({ photos: [liar] }) });
      expect(spoofed.statusCode).toBe(415);
      expect(spoofed.json().error.details[0].path).toBe('body.photos.0');

      const notUri = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: validReport({ photos: ['bonjour'] }) });
      expect(notUri.statusCode).toBe(400);

      const sixPhotos = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: validReport({ photos: Array(6).fill(pngDataUri()) }) });
      expect(sixPhotos.statusCode).toBe(400);
      expect(sixPhotos.json().error.details.map((d: { path: string }) => d.path)).toContain('body.photos');
    });

    it('replays the original response for the same Idempotency-Key and body, 422 for another body', async () => {
      const headers = { ...as(KEVIN), 'idempotency-key': 'flow-run-42' };
      const payload = validReport({ description: 'Lampadaire éteint rue des Tanneurs', category: 'eclairage-public', fields: { lightState: 'éteinte' } });
      const first = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload });
      expect(first.statusCode).toBe(201);
      // Same content with keys in another order: the same request.
      const reordered = Object.fromEntries(Object.entries(payload).reverse());
      const again = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload: reordered });
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const rows = await t.ctx.storage.db.selectFrom('field_reports').select('id').where('description', '=', 'Lampadaire éteint rue des Tanneurs').execute();
      expect(rows).toHaveLength(1);

      const different = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload: { ...payload, description: 'Autre chose' } });
      expect(different.statusCode).toBe(422);
      expect(different.json().error.code).toBe('EQP_ERR_IDEMPOTENCY_KEY_REUSED');

      // Keys belong to their caller: another agent may use the same key.
      const other = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: { ...as(MEHDI), 'idempotency-key': 'flow-run-42' }, payload });
      expect(other.statusCode).toBe(201);
      expect(other.json().id).not.toBe(first.json().id);
    });

    it('does not keep the key of a refused request: the corrected retry is created', async () => {
      const headers = { ...as(KEVIN), 'idempotency-key': 'retry-after-400' };
      const bad = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload: validReport({ assetId: '00000000-0000-4000-8000-000000000000' }) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toBe('body.assetId');
      const fixed = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload: validReport({ description: 'Trottoir soulevé par les racines' }) });
      expect(fixed.statusCode).toBe(201);
      const row = await t.ctx.storage.db.selectFrom('idempotency_keys').selectAll().where('idempotency_key', '=', 'retry-after-400').executeTakeFirstOrThrow();
      expect(row.response_status).toBe(201);
      const stored = typeof row.response_body === 'string' ? JSON.parse(row.response_body) : row.response_body;
      expect(stored.id).toBe(fixed.json().id);
    });

    it('answers concurrent requests with the same key with one report', async () => {
      const headers = { ...as(MEHDI), 'idempotency-key': 'concurrent-1' };
      const payload = validReport({ description: 'Dépôt de gravats chemin du Moulin', category: 'depot-sauvage', fields: { volume: '1 à 5 m³' }, photos: [pngDataUri()] });
      const answers = await Promise.all([1, 2, 3].map(() => t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload })));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
      const id = answers[0]!.json().id as string;
      // The losers' photos were removed: only the committed report's photo remains.
      const keys: string[] = [];
      for await (const info of t.ctx.blobs.list('field-reports/')) if (info.key.includes('photo') && !info.key.includes(id)) keys.push(info.key);
      const committed = await t.ctx.storage.db.selectFrom('field_report_photos').select('blob_key').execute();
      expect(keys.every((k) => committed.some((c) => c.blob_key === k))).toBe(true);
    });

    it('lists reports newest first with filters and nextLink paging', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${BASE}/reports`,
          headers: as(MEHDI),
          payload: validReport({ description: `Tag numéro ${i} sur le mur de l'école`, category: 'tag-graffiti', fields: { surface: i + 1 } }),
        });
        expect(res.statusCode).toBe(201);
      }
      const seen: string[] = [];
      let url: string | undefined = `${BASE}/reports?mine=true&category=tag-graffiti&top=2`;
      let pages = 0;
      while (url) {
        const res = await t.app.inject({ method: 'GET', url, headers: as(MEHDI) });
        expect(res.statusCode).toBe(200);
        const body = res.json() as { value: Array<{ number: string; description: string; category: { code: string } }>; nextLink?: string };
        expect(body.value.length).toBeLessThanOrEqual(2);
        expect(body.value.every((r) => r.category.code === 'tag-graffiti')).toBe(true);
        seen.push(...body.value.map((r) => r.description));
        pages++;
        url = body.nextLink ? new URL(body.nextLink).pathname + new URL(body.nextLink).search : undefined;
        if (body.nextLink) expect(new URL(body.nextLink).searchParams.get('mine')).toBe('true');
      }
      expect(pages).toBe(3);
      expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `Tag numéro ${i} sur le mur de l'école`));

      const kevinMine = await t.app.inject({ method: 'GET', url: `${BASE}/reports?mine=true&top=100`, headers: as(KEVIN) });
      expect(kevinMine.json().value.every((r: { reporter: { displayName: string } }) => r.reporter.displayName === 'Kévin Martin')).toBe(true);
      expect(kevinMine.json().value.length).toBeGreaterThanOrEqual(2);

      const future = await t.app.inject({ method: 'GET', url: `${BASE}/reports?from=2100-01-01T00:00:00Z`, headers: as(KEVIN) });
      expect(future.json()).toEqual({ value: [] });
      const status = await t.app.inject({ method: 'GET', url: `${BASE}/reports?status=resolved`, headers: as(KEVIN) });
      expect(status.json()).toEqual({ value: [] });
      const badToken = await t.app.inject({ method: 'GET', url: `${BASE}/reports?skipToken=nope`, headers: as(KEVIN) });
      expect(badToken.statusCode).toBe(400);
      expect(badToken.json().error.details[0].path).toBe('querystring.skipToken');
    });
  });
}

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 6_371_000 * 2 * Math.asin(Math.sqrt(a));
}
