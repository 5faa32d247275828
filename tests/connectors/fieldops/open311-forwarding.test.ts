/**
 * Forwarding of field reports to Open311, end to end: reports created through the connector API
 * (real app on loopback, real database: PGlite, and PostgreSQL when TEST_DATABASE_URL is set),
 * the durable outbox, the forwarder, and the Open311 double of tests/doubles (real HTTP). The
 * forwarder is driven pass by pass (`runOnce`, `pollStatuses`) so no assertion depends on timing;
 * "time passing" for a retry is simulated by making the row due.
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { exportCategories, importCategories, parseCategoriesFile } from '../../../core/field-reports/category-import.js';
import { createOpen311Forwarder } from '../../../core/field-reports/open311/create-forwarder.js';
import { resolveMediaSecret } from '../../../core/field-reports/photo-links.js';
import { Open311Forwarder, type ForwarderOptions } from '../../../core/field-reports/open311/forwarder.js';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { DEMO_OPEN311_SERVICES, startOpen311Server, type Open311Server } from '../../doubles/open311-server.js';
import { TEST_BACKENDS, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr' };

function pngBytes(shade: number): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(shade);
  return PNG.sync.write(png);
}


for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`Open311 forwarding on ${backend.name}`, () => {
    let t: TestContext;
    let appUrl: string;
    let double: Open311Server;
    const forwarders: Open311Forwarder[] = [];

    beforeAll(async () => {
      t = await createTestContext({
        database: backend.database,
        // The forwarders of these tests are built on each test's double; this turns the outbox on.
        env: { OPEN311_ENDPOINT: 'http://127.0.0.1:9/unused', OPEN311_API_KEY: 'cle-open311-de-test', OPEN311_JURISDICTION_ID: 'beaulieu-sur-aune.fr' },
      });
      appUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      double = await startOpen311Server({ jurisdictionId: 'beaulieu-sur-aune.fr' });
      // Each test starts with an idle queue: rows left by a previous test do not leak into this one.
      await t.ctx.storage.db.updateTable('field_report_open311').set({ state: 'failed', last_error: 'reset between tests' }).where('state', 'in', ['pending', 'sending', 'accepted']).execute();
    });
    afterEach(async () => {
      for (const f of forwarders.splice(0)) await f.stop();
      expect(double.violations).toEqual([]);
      await double.down();
    });

    function forwarder(overrides: Partial<ForwarderOptions> = {}): Open311Forwarder {
      const f = new Open311Forwarder({
        db: t.ctx.storage.db,
        target: { endpoint: double.url, apiKey: double.apiKey, jurisdictionId: 'beaulieu-sur-aune.fr', timeoutMs: 5000 },
        media: { secret: resolveMediaSecret(t.config), publicBaseUrl: appUrl, ttlMs: 30 * 24 * 3600 * 1000 },
        pollIntervalMs: 60_000,
        tokenPollMs: 0,
        random: () => 0,
        ...overrides,
      });
      forwarders.push(f);
      return f;
    }

    async function createReport(overrides: Record<string, unknown> = {}) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports`,
        headers: KEVIN,
        payload: {
          category: 'chaussee-degradee',
          description: 'Nid-de-poule profond devant la médiathèque',
          location: { latitude: DEMO_TOWN_CENTRE.latitude + 0.001, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 8, address: '8 avenue du Général-Leclerc' },
          fields: { size: '30 cm à 1 m', dangerous: true },
          ...overrides,
        },
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; number: string; photos: Array<{ id: string; sha256: string }>; open311?: { status: string } };
    }

    const row = (reportId: string) => t.ctx.storage.db.selectFrom('field_report_open311').selectAll().where('report_id', '=', reportId).executeTakeFirstOrThrow();
    const makeDue = (reportId: string) => t.ctx.storage.db.updateTable('field_report_open311').set({ next_attempt_at: new Date(0) }).where('report_id', '=', reportId).execute();
    const view = async (reportId: string) => (await t.app.inject({ method: 'GET', url: `${BASE}/reports/${reportId}`, headers: KEVIN })).json();

    it('forwards a new report once, with the form fields of the spec and a media_url that serves the photo', async () => {
      const photo = pngBytes(120);
      const report = await createReport({ photos: [`data:image/png;base64,${photo.toString('base64')}`] });
      expect(report.open311).toEqual({ status: 'pending', updatedAt: expect.any(String) });

      const f = forwarder();
      await f.runOnce();
      await f.runOnce();
      const posts = double.posts();
      expect(posts).toHaveLength(1);
      const post = posts[0]!;
      expect(post.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(post.form).toEqual({
        api_key: 'cle-open311-de-test',
        jurisdiction_id: 'beaulieu-sur-aune.fr',
        service_code: 'voirie',
        lat: String(DEMO_TOWN_CENTRE.latitude + 0.001),
        long: String(DEMO_TOWN_CENTRE.longitude),
        address_string: '8 avenue du Général-Leclerc',
        description: expect.stringMatching(new RegExp(`^${report.number} — Chaussée ou trottoir dégradé\\nNid-de-poule profond devant la médiathèque\\nTaille : 30 cm à 1 m ; Danger immédiat : oui$`)),
        media_url: expect.stringMatching(new RegExp(`^${appUrl}/api/connectors/fieldops/v1/photos/${report.photos[0]!.id}/content\\?exp=\\d+&sig=`)),
      });
      // The Open311 system fetches the photo without signing in.
      const media = await fetch(post.form.media_url!);
      expect(media.status).toBe(200);
      expect(media.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await media.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(report.photos[0]!.sha256);
      expect(bytes.equals(photo)).toBe(true);

      const stored = [...double.requests.values()].find((r) => r.description?.startsWith(report.number));
      expect(stored).toBeDefined();
      const shown = await view(report.id);
      expect(shown.open311).toEqual({ status: 'forwarded', serviceRequestId: stored!.service_request_id, updatedAt: expect.any(String) });
      const listed = await t.app.inject({ method: 'GET', url: `${BASE}/reports?top=5`, headers: KEVIN });
      expect(listed.json().value.find((r: { id: string }) => r.id === report.id).open311.status).toBe('forwarded');
    });

    it('sends no media_url with OPEN311_MEDIA=off, photo or not', async () => {
      const report = await createReport({ photos: [`data:image/png;base64,${pngBytes(90).toString('base64')}`] });
      const config = { ...t.config, open311: { endpoint: double.url, apiKey: double.apiKey, jurisdictionId: 'beaulieu-sur-aune.fr', pollIntervalMs: 60_000, timeoutMs: 5000, sendMedia: false } };
      const f = createOpen311Forwarder(config, t.ctx.storage.db, { listeningUrl: appUrl, overrides: { tokenPollMs: 0, random: () => 0 } })!;
      forwarders.push(f);
      await f.runOnce();
      const post = double.posts().find((p) => p.form.description?.startsWith(report.number));
      expect(post).toBeDefined();
      expect(post!.form).not.toHaveProperty('media_url');
      expect(post!.form.service_code).toBe('voirie');
      expect((await row(report.id)).state).toBe('forwarded');
    });

    it('sends the category fields as the attributes the service requires, once the category maps them', async () => {
      // A voirie service whose definition requires two attributes of its own.
      await double.down();
      double = await startOpen311Server({
        jurisdictionId: 'beaulieu-sur-aune.fr',
        services: DEMO_OPEN311_SERVICES.map((service) =>
          service.service_code !== 'voirie'
            ? service
            : {
                ...service,
                metadata: true,
                attributes: [
                  { variable: true, code: 'TAILLE', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1, description: 'Taille du trou', values: [{ key: 'P', name: 'Petit' }, { key: 'M', name: 'Moyen' }, { key: 'G', name: 'Grand' }] },
                  { variable: true, code: 'DANGER', datatype: 'string', required: false, datatype_description: null, order: 2, description: 'Danger', values: [] },
                ],
              },
        ),
      });
      const unmapped = await createReport();
      await forwarder().runOnce();
      expect(await row(unmapped.id)).toMatchObject({ state: 'failed', last_error: expect.stringContaining('attribute[TAILLE] is required') });

      // The IT department maps the category's fields (through the categories file).
      const { categories } = await exportCategories(t.ctx.storage.db);
      const road = categories.find((c) => c.code === 'chaussee-degradee')!;
      road.open311Attributes = { size: { code: 'TAILLE', values: { 'moins de 30 cm': 'P', '30 cm à 1 m': 'M', 'plus de 1 m': 'G' } }, dangerous: 'DANGER' };
      const imported = await importCategories(t.ctx.storage.db, parseCategoriesFile(JSON.stringify({ categories })), { actor: 'test' });
      expect(imported.updated).toEqual(['chaussee-degradee']);

      const mapped = await createReport();
      await forwarder().runOnce();
      expect((await row(mapped.id)).state).toBe('forwarded');
      const stored = [...double.requests.values()].find((r) => r.description?.startsWith(mapped.number));
      expect(stored?.attributes).toEqual({ TAILLE: ['M'], DANGER: ['true'] });
      // The fields still read in the description, for people.
      expect(stored?.description).toContain('Taille : 30 cm à 1 m ; Danger immédiat : oui');
      const { categories: after } = await exportCategories(t.ctx.storage.db);
      expect(after.find((c) => c.code === 'chaussee-degradee')!.open311Attributes).toEqual({ size: { code: 'TAILLE', values: { 'moins de 30 cm': 'P', '30 cm à 1 m': 'M', 'plus de 1 m': 'G' } }, dangerous: { code: 'DANGER' } });
      // Back to no mapping, for the other tests.
      road.open311Attributes = {};
      await importCategories(t.ctx.storage.db, parseCategoriesFile(JSON.stringify({ categories })), { actor: 'test' });
    });

    it('does not forward a report whose category has no service code', async () => {
      await t.ctx.storage.db.updateTable('report_categories').set({ service_code: null }).where('code', '=', 'tag-graffiti').execute();
      try {
        const report = await createReport({ category: 'tag-graffiti', fields: {} });
        expect(report.open311?.status).toBe('not_applicable');
        await forwarder().runOnce();
        expect(double.posts()).toHaveLength(0);
        expect((await view(report.id)).open311.status).toBe('not_applicable');
      } finally {
        await t.ctx.storage.db.updateTable('report_categories').set({ service_code: 'proprete' }).where('code', '=', 'tag-graffiti').execute();
      }
    });

    it('keeps the report pending while the server is down and delivers it once when it is back', async () => {
      const report = await createReport();
      await double.down();
      const f = forwarder();
      await f.runOnce();
      await makeDue(report.id);
      await f.runOnce();
      const waiting = await row(report.id);
      expect(waiting).toMatchObject({ state: 'pending', attempts: 2, uncertain_since: null });
      expect(waiting.last_error).toMatch(/ECONNREFUSED/);
      expect((await view(report.id)).open311).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/ECONNREFUSED/) });

      await double.up();
      await makeDue(report.id);
      await f.runOnce();
      await f.runOnce();
      expect(double.posts().filter((p) => p.form.description?.startsWith(report.number))).toHaveLength(1);
      expect(await row(report.id)).toMatchObject({ state: 'forwarded', last_error: null });
    });

    it('after a timeout, finds the request the slow server created instead of posting it again', async () => {
      const report = await createReport();
      double.delayMs = 1500;
      const f = forwarder({ target: { endpoint: double.url, apiKey: double.apiKey, jurisdictionId: 'beaulieu-sur-aune.fr', timeoutMs: 300 } });
      await f.runOnce();
      const doubtful = await row(report.id);
      expect(doubtful.state).toBe('pending');
      expect(doubtful.uncertain_since).not.toBeNull();
      expect(doubtful.last_error).toMatch(/timeout/);

      double.delayMs = 0;
      await makeDue(report.id);
      await f.runOnce();
      expect(double.posts()).toHaveLength(1);
      const lookups = double.received.filter((r) => r.method === 'GET' && r.path.endsWith('/requests.json'));
      expect(lookups).toHaveLength(1);
      expect(lookups[0]!.query).toMatchObject({ service_code: 'voirie', jurisdiction_id: 'beaulieu-sur-aune.fr' });
      const created = [...double.requests.values()].find((r) => r.description?.startsWith(report.number))!;
      expect(await row(report.id)).toMatchObject({ state: 'forwarded', service_request_id: created.service_request_id, uncertain_since: null });
    });

    it('honors Retry-After on 503 and 429, and posts after a 500 only once it found nothing', async () => {
      const report = await createReport();
      const f = forwarder();
      double.failNext(503, { retryAfter: '120', match: { method: 'POST' } });
      const before = Date.now();
      await f.runOnce();
      let r = await row(report.id);
      expect(r).toMatchObject({ state: 'pending', attempts: 1, uncertain_since: null });
      expect(r.last_error).toBe('HTTP 503: 503 Service temporarily unavailable');
      expect(new Date(r.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + 119_000);

      await makeDue(report.id);
      double.failNext(429, { retryAfter: '30', match: { method: 'POST' } });
      await f.runOnce();
      r = await row(report.id);
      // Throttling does not use up an attempt.
      expect(r).toMatchObject({ state: 'pending', attempts: 1 });
      expect(new Date(r.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + 29_000);

      await makeDue(report.id);
      double.failNext(500, { match: { method: 'POST' } });
      await f.runOnce();
      r = await row(report.id);
      expect(r).toMatchObject({ state: 'pending', attempts: 2 });
      expect(r.uncertain_since).not.toBeNull();

      await makeDue(report.id);
      await f.runOnce();
      expect(await row(report.id)).toMatchObject({ state: 'forwarded', attempts: 3 });
      expect(double.posts().map((p) => p.answered)).toEqual([503, 429, 500, 200]);
      expect([...double.requests.values()].filter((x) => x.description?.startsWith(report.number))).toHaveLength(1);
    });

    it('marks the report failed with the error text on 400 and on 403, without retrying', async () => {
      await t.ctx.storage.db.updateTable('report_categories').set({ service_code: 'inconnu' }).where('code', '=', 'arbre-dangereux').execute();
      try {
        const report = await createReport({ category: 'arbre-dangereux', fields: { issue: 'branche cassée' } });
        const f = forwarder();
        await f.runOnce();
        await makeDue(report.id);
        await f.runOnce();
        expect(double.posts()).toHaveLength(1);
        expect((await view(report.id)).open311).toEqual({ status: 'failed', lastError: 'HTTP 400: 400 service_code inconnu not found', updatedAt: expect.any(String) });
      } finally {
        await t.ctx.storage.db.updateTable('report_categories').set({ service_code: 'espaces-verts' }).where('code', '=', 'arbre-dangereux').execute();
      }

      const report = await createReport();
      await forwarder({ target: { endpoint: double.url, apiKey: 'mauvaise-cle', jurisdictionId: 'beaulieu-sur-aune.fr', timeoutMs: 5000 } }).runOnce();
      expect((await view(report.id)).open311).toMatchObject({ status: 'failed', lastError: 'HTTP 403: 403 api_key is not valid' });
    });

    it('follows a token until the server gives the service request id', async () => {
      double.mode = 'token';
      const report = await createReport();
      const f = forwarder();
      await f.runOnce();
      const accepted = await row(report.id);
      expect(accepted.state).toBe('accepted');
      expect(accepted.token).toMatch(/^[0-9a-f-]{36}$/);
      expect((await view(report.id)).open311.status).toBe('accepted');

      await makeDue(report.id);
      await f.runOnce();
      expect((await row(report.id)).state).toBe('accepted');

      double.resolveTokens();
      await makeDue(report.id);
      await f.runOnce();
      const done = await row(report.id);
      const created = [...double.requests.values()].find((r) => r.description?.startsWith(report.number))!;
      expect(done).toMatchObject({ state: 'forwarded', service_request_id: created.service_request_id });
      expect(double.posts()).toHaveLength(1);
      // tokenPollMs is 0 here: each pass (the post's included) looks the token up once.
      expect(double.received.filter((r) => r.path.includes('/tokens/')).map((r) => r.answered)).toEqual([200, 200, 200]);
    });

    it('polls statuses back in one batch: open acknowledges, closed resolves, in the history by open311', async () => {
      const a = await createReport();
      const b = await createReport({ description: 'Bordure cassée rue des Tanneurs' });
      const f = forwarder();
      await f.runOnce();
      const ids = await Promise.all([a, b].map(async (r) => (await row(r.id)).service_request_id!));

      await f.pollStatuses();
      const batch = double.received.filter((r) => r.method === 'GET' && r.query.service_request_id);
      expect(batch).toHaveLength(1);
      expect(batch[0]!.query.service_request_id!.split(',')).toEqual(expect.arrayContaining(ids));
      expect((await view(a.id)).status).toBe('acknowledged');

      double.setStatus(ids[0]!, 'closed', 'Nid-de-poule rebouché le 3 mars');
      await t.ctx.storage.db.updateTable('field_report_open311').set({ polled_at: new Date(0) }).where('report_id', 'in', [a.id, b.id]).execute();
      await f.pollStatuses();
      const shown = await view(a.id);
      expect(shown.status).toBe('resolved');
      expect(shown.open311).toMatchObject({ status: 'forwarded', remoteStatus: 'closed' });
      expect((await view(b.id)).status).toBe('acknowledged');
      const history = await t.ctx.storage.db.selectFrom('field_report_status_history').select(['status', 'changed_by', 'comment']).where('report_id', '=', a.id).orderBy('id').execute();
      expect(history).toEqual([
        { status: 'new', changed_by: expect.any(String), comment: null },
        { status: 'acknowledged', changed_by: 'open311', comment: null },
        { status: 'resolved', changed_by: 'open311', comment: 'Nid-de-poule rebouché le 3 mars' },
      ]);
    });

    it('two instances: a row taken over by the other instance is neither posted twice nor overwritten', async () => {
      const first = await createReport();
      const second = await createReport();
      const postsOf = (report: { number: string }) => double.posts().filter((p) => p.form.description?.startsWith(`${report.number} — `)).length;
      // Instance A claims both rows at once, then posts them one after the other; its first post
      // answers late, long enough for instance B to consider A's claims abandoned and take over.
      const a = forwarder({ recoverAfterMs: 200 });
      const b = forwarder({ recoverAfterMs: 200 });
      double.delayMs = 800;
      const aRun = a.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 400));
      double.delayMs = 0;
      await b.runOnce();
      await aRun;
      for (const report of [first, second]) {
        expect(postsOf(report)).toBe(1);
        expect(await row(report.id)).toMatchObject({ state: 'forwarded', claimed_at: null });
      }
    });

    it('recovers a post interrupted by a crash: looks it up and does not post it again', async () => {
      const report = await createReport();
      const f = forwarder({ recoverAfterMs: 1000 });
      // The crashed process had claimed the row and Open311 had created the request.
      await t.ctx.storage.db.updateTable('field_report_open311').set({ state: 'sending', attempts: 1, claimed_at: new Date(Date.now() - 5 * 60_000) }).where('report_id', '=', report.id).execute();
      const form = new URLSearchParams({ api_key: double.apiKey, jurisdiction_id: 'beaulieu-sur-aune.fr', service_code: 'voirie', lat: '46.2', long: '2.2', description: `${report.number} — Chaussée ou trottoir dégradé\n…` });
      const created = (await (await fetch(`${double.url}/requests.json`, { method: "POST", body: form })).json()) as Array<{ service_request_id: string }>;
      await f.runOnce();
      expect(await row(report.id)).toMatchObject({ state: 'forwarded', service_request_id: created[0]!.service_request_id, uncertain_since: null });
      expect(double.posts()).toHaveLength(1);
    });

    it('refuses tampered and expired photo links with coded errors', async () => {
      const report = await createReport({ photos: [`data:image/png;base64,${pngBytes(30).toString('base64')}`] });
      await forwarder().runOnce();
      const link = new URL(double.posts()[0]!.form.media_url!);
      const path = `${link.pathname}${link.search}`;
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);

      const tampered = new URL(link);
      tampered.searchParams.set('exp', String(Number(link.searchParams.get('exp')) + 3600));
      const forged = await t.app.inject({ method: 'GET', url: `${tampered.pathname}${tampered.search}` });
      expect(forged.statusCode).toBe(403);
      expect(forged.json().error.code).toBe('EQP_ERR_PHOTO_LINK_INVALID');
      const noSig = await t.app.inject({ method: 'GET', url: link.pathname });
      expect(noSig.json().error.code).toBe('EQP_ERR_PHOTO_LINK_INVALID');

      const { photoLink } = await import('../../../core/field-reports/photo-links.js');
      const expired = new URL(photoLink(resolveMediaSecret(t.config)!, appUrl, report.photos[0]!.id, new Date(Date.now() - 1000)));
      const old = await t.app.inject({ method: 'GET', url: `${expired.pathname}${expired.search}` });
      expect(old.statusCode).toBe(410);
      expect(old.json().error).toMatchObject({ code: 'EQP_ERR_PHOTO_LINK_EXPIRED', message: expect.stringContaining('expiré') });
    });
  });
}
