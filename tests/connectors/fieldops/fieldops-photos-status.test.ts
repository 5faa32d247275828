/**
 * AddReportPhoto and UpdateFieldReportStatus through `app.inject`, on a real database seeded with
 * the demo commune (PGlite always, PostgreSQL too when TEST_DATABASE_URL is set), plus the
 * bilingual validation details shared by every operation.
 */
import { PNG } from 'pngjs';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { STATUS_TRANSITIONS } from '../../../core/field-reports/report-status.js';
import { FIELD_REPORT_STATUSES } from '../../../core/field-reports/types.js';
import { TEST_BACKENDS, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = 'kevin.martin@beaulieu-sur-aune.fr';
const MEHDI = 'mehdi.haddad@beaulieu-sur-aune.fr';
/** Manages the road agents (Kévin, Mehdi...): a supervisor. */
const JEAN_MARC = 'jean-marc.dupuis@beaulieu-sur-aune.fr';
/** HR member: a supervisor. */
const KARIM = 'karim.benali@beaulieu-sur-aune.fr';

function pngDataUri(shade = 200): string {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(shade);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

const validReport = () => ({
  category: 'chaussee-degradee',
  description: 'Nid-de-poule profond devant la médiathèque',
  location: { latitude: DEMO_TOWN_CENTRE.latitude + 0.001, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 8 },
  fields: { size: '30 cm à 1 m', dangerous: true },
});


for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`field-ops photos and statuses on ${backend.name}`, () => {
    let t: TestContext;
    const as = (upn: string, extra: Record<string, string> = {}) => ({ 'x-equipage-local-user': upn, ...extra });

    beforeAll(async () => {
      t = await createTestContext({ database: backend.database });
    });
    afterAll(async () => {
      await t?.close();
    });

    async function newReport(upn = KEVIN): Promise<{ id: string; updatedAt: string; number: string }> {
      const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(upn), payload: validReport() });
      expect(res.statusCode).toBe(201);
      return res.json();
    }

    it('adds photos up to five, stores the blob, bumps updatedAt, then refuses a sixth with a coded 409', async () => {
      const report = await newReport();
      const statusHistory = (await t.app.inject({ method: 'GET', url: `${BASE}/reports/${report.id}`, headers: as(KEVIN) })).json().statusHistory;
      expect(statusHistory).toEqual([expect.objectContaining({ status: 'new', changedBy: 'Kévin Martin' })]);
      let last = report.updatedAt;
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers: as(KEVIN), payload: { photo: pngDataUri(100 + i) } });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(body.photos.map((p: { position: number }) => p.position)).toEqual(Array.from({ length: i + 1 }, (_, k) => k));
        expect(body.photos[i].contentType).toBe('image/png');
        expect(new Date(body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(last).getTime());
        last = body.updatedAt;
      }
      const rows = await t.ctx.storage.db.selectFrom('field_report_photos').selectAll().where('report_id', '=', report.id).orderBy('position').execute();
      expect(rows).toHaveLength(5);
      const stored = await t.ctx.blobs.getBuffer(rows[0]!.blob_key);
      expect(stored.equals(Buffer.from(pngDataUri(100).split(',')[1]!, 'base64'))).toBe(true);
      const row = await t.ctx.storage.db.selectFrom('field_reports').select(['created_at', 'updated_at']).where('id', '=', report.id).executeTakeFirstOrThrow();
      expect(new Date(row.updated_at).getTime()).toBeGreaterThan(new Date(row.created_at).getTime());

      const sixth = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers: as(KEVIN), payload: { photo: pngDataUri(1) } });
      expect(sixth.statusCode).toBe(409);
      expect(sixth.json().error.code).toBe('EQP_ERR_REPORT_PHOTO_LIMIT');
      expect(sixth.json().error.message).toContain(report.number);
    });

    it('refuses photos that are not images (415), too large (413) or not data URIs (400), storing nothing', async () => {
      const report = await newReport();
      const gif = `data:image/gif;base64,${Buffer.from('GIF89a....').toString('base64')}`;
      const spoofed = `data:image/png;base64,${Buffer.from('%PDF-1.7 not an image at all').toString('base64')}`;
      const huge = `data:image/jpeg;base64,${Buffer.alloc(5 * 1024 * 1024 + 10, 0xff).toString('base64')}`;
      const cases: Array<[string, number, string]> = [
        [gif, 415, 'EQP_ERR_UNSUPPORTED_MEDIA_TYPE'],
        [spoofed, 415, 'EQP_ERR_UNSUPPORTED_MEDIA_TYPE'],
        [huge, 413, 'EQP_ERR_PAYLOAD_TOO_LARGE'],
        ['bonjour', 400, 'EQP_ERR_VALIDATION'],
      ];
      for (const [photo, status, code] of cases) {
        const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers: as(KEVIN), payload: { photo } });
        expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
        expect(res.json().error.details[0].path).toBe('body.photo');
      }
      const count = await t.ctx.storage.db.selectFrom('field_report_photos').select('id').where('report_id', '=', report.id).execute();
      expect(count).toHaveLength(0);
    });

    it('lets the reporter and supervisors add photos, not other agents; 404 for an unknown report', async () => {
      const report = await newReport();
      const other = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers: as(MEHDI), payload: { photo: pngDataUri() } });
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('EQP_ERR_FORBIDDEN');
      const supervisor = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers: as(JEAN_MARC), payload: { photo: pngDataUri() } });
      expect(supervisor.statusCode).toBe(201);
      const unknown = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports/00000000-0000-4000-8000-000000000000/photos`,
        headers: as(KEVIN),
        payload: { photo: pngDataUri() },
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('replays AddReportPhoto for the same Idempotency-Key and body, 422 for another body', async () => {
      const report = await newReport();
      const headers = as(KEVIN, { 'idempotency-key': `photo-${report.id}` });
      const first = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers, payload: { photo: pngDataUri(10) } });
      const again = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers, payload: { photo: pngDataUri(10) } });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const other = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/photos`, headers, payload: { photo: pngDataUri(11) } });
      expect(other.statusCode).toBe(422);
      expect(other.json().error.code).toBe('EQP_ERR_IDEMPOTENCY_KEY_REUSED');
      const rows = await t.ctx.storage.db.selectFrom('field_report_photos').select('id').where('report_id', '=', report.id).execute();
      expect(rows).toHaveLength(1);
    });

    it('lets supervisors (managers and HR) change the status, records the history, bumps updatedAt', async () => {
      const report = await newReport();
      const ack = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports/${report.id}/status`,
        headers: as(JEAN_MARC),
        payload: { status: 'acknowledged', comment: '  Équipe prévenue  ' },
      });
      expect(ack.statusCode).toBe(200);
      expect(ack.json().status).toBe('acknowledged');
      expect(new Date(ack.json().updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(report.updatedAt).getTime());
      const done = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers: as(KARIM), payload: { status: 'resolved', expectedStatus: 'acknowledged' } });
      expect(done.statusCode).toBe(200);

      const got = (await t.app.inject({ method: 'GET', url: `${BASE}/reports/${report.id}`, headers: as(KEVIN) })).json();
      expect(got.status).toBe('resolved');
      expect(got.statusHistory.map((h: { status: string; changedBy: string; comment?: string }) => [h.status, h.changedBy, h.comment])).toEqual([
        ['new', 'Kévin Martin', undefined],
        ['acknowledged', 'Jean-Marc Dupuis', 'Équipe prévenue'],
        ['resolved', 'Karim Benali', undefined],
      ]);
      const listed = (await t.app.inject({ method: 'GET', url: `${BASE}/reports?status=resolved&top=100`, headers: as(KEVIN) })).json();
      expect(listed.value.find((r: { id: string }) => r.id === report.id).statusHistory).toHaveLength(3);
      const rows = await t.ctx.storage.db.selectFrom('field_report_status_history').select('status').where('report_id', '=', report.id).execute();
      expect(rows).toHaveLength(3);
    });

    it('never shows the key of a caller unknown to the directory (e-mail, Entra id) in the history', async () => {
      const report = await newReport();
      await t.ctx.storage.db.insertInto('field_report_status_history').values([
        { report_id: report.id, status: 'acknowledged', changed_by: 'upn:inconnu.externe@prestataire.fr', comment: null },
        { report_id: report.id, status: 'in_progress', changed_by: 'entra:0b0b0b0b-0000-4000-8000-000000000000', comment: null },
        { report_id: report.id, status: 'resolved', changed_by: 'open311', comment: null },
      ]).execute();
      const res = await t.app.inject({ method: 'GET', url: `${BASE}/reports/${report.id}`, headers: as(KEVIN) });
      expect(res.body).not.toContain('prestataire.fr');
      expect(res.body).not.toContain('0b0b0b0b');
      expect(res.json().statusHistory.map((h: { changedBy: string }) => h.changedBy)).toEqual(['Kévin Martin', 'Agent', 'Agent', 'open311']);
    });

    it('refuses status changes from agents who supervise no one (403), even on their own report', async () => {
      const report = await newReport();
      const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers: as(KEVIN), payload: { status: 'resolved' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('EQP_ERR_FORBIDDEN');
      const row = await t.ctx.storage.db.selectFrom('field_reports').select('status').where('id', '=', report.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('new');
    });

    it('allows exactly the transitions of the workflow, and answers 409 with the allowed ones otherwise', async () => {
      for (const from of FIELD_REPORT_STATUSES) {
        for (const to of FIELD_REPORT_STATUSES) {
          const report = await newReport();
          await t.ctx.storage.db.updateTable('field_reports').set({ status: from }).where('id', '=', report.id).execute();
          const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers: as(JEAN_MARC), payload: { status: to } });
          if (STATUS_TRANSITIONS[from].includes(to)) {
            expect([from, to, res.statusCode]).toEqual([from, to, 200]);
          } else {
            expect([from, to, res.statusCode, res.json().error.code]).toEqual([from, to, 409, 'EQP_ERR_REPORT_STATUS_TRANSITION']);
            expect(res.json().error.messageEn).toContain(STATUS_TRANSITIONS[from].join(', '));
          }
        }
      }
      expect(STATUS_TRANSITIONS.resolved).toEqual(['in_progress']);
    }, 120_000);

    it('lets only one of two concurrent changes expecting the same status win (409 for the other)', async () => {
      const report = await newReport();
      const change = (upn: string, status: string) =>
        t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers: as(upn), payload: { status, expectedStatus: 'new' } });
      const results = await Promise.all([change(JEAN_MARC, 'acknowledged'), change(KARIM, 'rejected')]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('EQP_ERR_REPORT_STATUS_CHANGED');
      const history = await t.ctx.storage.db.selectFrom('field_report_status_history').select('status').where('report_id', '=', report.id).execute();
      expect(history).toHaveLength(2);
    });

    it('replays UpdateFieldReportStatus for the same Idempotency-Key and body, 422 for another body', async () => {
      const report = await newReport();
      const headers = as(JEAN_MARC, { 'idempotency-key': `status-${report.id}` });
      const first = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers, payload: { status: 'in_progress' } });
      const again = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers, payload: { status: 'in_progress' } });
      expect(first.statusCode).toBe(200);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      const other = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${report.id}/status`, headers, payload: { status: 'resolved' } });
      expect(other.statusCode).toBe(422);
      const history = await t.ctx.storage.db.selectFrom('field_report_status_history').select('status').where('report_id', '=', report.id).execute();
      expect(history.map((h) => h.status)).toEqual(['new', 'in_progress']);
    });

    it('lists each field problem with its path and a French and an English message', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports`,
        headers: as(KEVIN),
        payload: { description: 'ab', location: { latitude: 95, longitude: 2, accuracy: 5 }, colour: 'red' },
      });
      expect(res.statusCode).toBe(400);
      const details = res.json().error.details as Array<{ path: string; message: string; messageEn: string }>;
      const byPath = Object.fromEntries(details.map((d) => [d.path, d]));
      expect(Object.keys(byPath).sort()).toEqual(['body.category', 'body.colour', 'body.description', 'body.location.latitude']);
      expect(byPath['body.category']).toEqual({ path: 'body.category', message: 'requiert la propriété category', messageEn: "must have required property 'category'" });
      expect(byPath['body.location.latitude']!.message).toBe('doit être <= 90');
      expect(byPath['body.location.latitude']!.messageEn).toBe('must be <= 90');
      expect(byPath['body.colour']!.message).toBe('ne doit pas contenir de propriétés additionnelles');
      for (const d of details) expect(d.message).not.toBe(d.messageEn);

      const status = await t.app.inject({ method: 'POST', url: `${BASE}/reports/00000000-0000-4000-8000-000000000000/status`, headers: as(JEAN_MARC), payload: { status: 'done' } });
      expect(status.statusCode).toBe(400);
      expect(status.json().error.details).toEqual([
        { path: 'body.status', message: expect.stringContaining('doit être égal à une des valeurs prédéfinies'), messageEn: 'must be equal to one of the allowed values' },
      ]);
    });
  });
}
